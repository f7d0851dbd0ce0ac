#ifndef STEM_LIBS_RPC_INTERNAL_IDENTITY_RULES_H_
#define STEM_LIBS_RPC_INTERNAL_IDENTITY_RULES_H_

#include "absl/status/status.h"
#include "libs/rpc/principal.h"

namespace stem::rpc::internal {

// The form an identity must have for its role, whatever proved it: an ACADEMY is a
// 10-digit KBO number, a MUNICIPALITY a 5-digit NIS code, others a non-empty name. The
// SYSTEM role is the suite's own and is never given to a caller.
absl::Status CheckIdentity(const Principal& principal);

}  // namespace stem::rpc::internal

#endif  // STEM_LIBS_RPC_INTERNAL_IDENTITY_RULES_H_
