#include "contexts/activity/activity_access.h"

#include "contexts/activity/activity_state.h"
#include "libs/common/error.h"
#include "libs/service/call.h"

namespace stem::activity {

absl::Status RequireOwnerOrOfficer(const rpc::Principal& principal, const v1::Activity& activity) {
  return service::RequireSelfOrOfficer(principal, activity.academy_kbo());
}

bool InMunicipality(const domain::MunicipalityRegistry& municipalities, const std::string& code,
                    const std::string& scope) {
  return code == scope || municipalities.Territory2025(code) == scope;
}

absl::Status RequireReader(const rpc::Principal& principal, const v1::Activity& activity,
                           const domain::MunicipalityRegistry& municipalities) {
  switch (principal.role) {
    case identity::v1::ACTOR_ROLE_OFFICER:
    case identity::v1::ACTOR_ROLE_AUDITOR:
      return absl::OkStatus();
    case identity::v1::ACTOR_ROLE_ACADEMY:
      if (principal.identity == activity.academy_kbo()) return absl::OkStatus();
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_ACADEMY",
                       "an academy sees only its own activities");
    case identity::v1::ACTOR_ROLE_MUNICIPALITY:
      if (InMunicipality(municipalities, activity.municipality_nis_code(), principal.identity)) {
        return absl::OkStatus();
      }
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_MUNICIPALITY",
                       "a municipality sees only the activities that take place in it");
    default:
      return MakeError(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
                       "this role does not read activities");
  }
}

absl::StatusOr<v1::Activity> RequireCommandableActivity(const projection::StateReader& state,
                                                        const rpc::Principal& principal,
                                                        const std::string& activity_id) {
  auto activity = RequireActivity(state, activity_id);
  if (!activity.ok()) return activity.status();
  if (absl::Status own = RequireOwnerOrOfficer(principal, *activity); !own.ok()) return own;
  return activity;
}

}  // namespace stem::activity
