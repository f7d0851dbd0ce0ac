// Who may do what in the subsidy context (rulebook section 8), beyond the roles each RPC
// admits: an ACADEMY acts for and reads only itself, a MUNICIPALITY registers only its
// own demand.
#ifndef STEM_SERVICES_SUBSIDY_SUBSIDY_ACCESS_H_
#define STEM_SERVICES_SUBSIDY_SUBSIDY_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "libs/rpc/principal.h"

namespace stem::subsidy {

// An OFFICER, or the MUNICIPALITY itself (PERMISSION_DENIED NOT_OWN_MUNICIPALITY).
absl::Status RequireMunicipalityOrOfficer(const rpc::Principal& principal,
                                          const std::string& nis_code);

// Reading what belongs to one academy: an OFFICER or AUDITOR, or the ACADEMY itself
// (PERMISSION_DENIED NOT_OWN_ACADEMY).
absl::Status RequireAcademyReader(const rpc::Principal& principal, const std::string& kbo);

}  // namespace stem::subsidy

#endif  // STEM_SERVICES_SUBSIDY_SUBSIDY_ACCESS_H_
