// Calls a service's query handler in process on behalf of a caller this process has
// authenticated already (the as-of queries).
#ifndef STEM_SERVICES_AUDIT_FIXED_AUTHENTICATOR_H_
#define STEM_SERVICES_AUDIT_FIXED_AUTHENTICATOR_H_

#include "libs/rpc/authenticator.h"

namespace stem::audit {

class FixedAuthenticator final : public rpc::Authenticator {
 public:
  explicit FixedAuthenticator(rpc::Principal principal) : principal_(std::move(principal)) {}
  absl::StatusOr<rpc::Principal> Authenticate(const grpc::ServerContext&) const override {
    return principal_;
  }

 private:
  const rpc::Principal principal_;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_FIXED_AUTHENTICATOR_H_
