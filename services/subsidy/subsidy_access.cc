#include "services/subsidy/subsidy_access.h"

#include "libs/common/error.h"

namespace stem::subsidy {

absl::Status RequireMunicipalityOrOfficer(const rpc::Principal& principal,
                                          const std::string& nis_code) {
  if (principal.role == identity::v1::ACTOR_ROLE_OFFICER) return absl::OkStatus();
  if (principal.role == identity::v1::ACTOR_ROLE_MUNICIPALITY && principal.identity == nis_code) {
    return absl::OkStatus();
  }
  return MakeError(
      absl::StatusCode::kPermissionDenied, "NOT_OWN_MUNICIPALITY",
      "a municipality acts only for itself; " + nis_code + " is not " + principal.identity);
}

absl::Status RequireAcademyReader(const rpc::Principal& principal, const std::string& kbo) {
  if (principal.role == identity::v1::ACTOR_ROLE_OFFICER ||
      principal.role == identity::v1::ACTOR_ROLE_AUDITOR) {
    return absl::OkStatus();
  }
  if (principal.role == identity::v1::ACTOR_ROLE_ACADEMY && principal.identity == kbo) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_ACADEMY",
                   "an academy sees only its own applications, decisions and payments");
}

}  // namespace stem::subsidy
