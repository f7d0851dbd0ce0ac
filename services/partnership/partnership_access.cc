#include "services/partnership/partnership_access.h"

#include "libs/common/error.h"

namespace stem::partnership {
namespace {

bool IsMember(const std::string& kbo, const v1::PartnershipApplicationSubmitted& application) {
  if (application.lead_kbo() == kbo) return true;
  for (const v1::Partner& partner : application.partners()) {
    if (partner.kbo() == kbo) return true;
  }
  return false;
}

// A region code belongs to municipality `scope` when it is the same code or a 2019 code
// whose territory is now part of `scope` (rulebook section 1).
bool InRegion(const std::string& scope, const v1::PartnershipApplicationSubmitted& application,
              const domain::MunicipalityRegistry& municipalities) {
  for (const std::string& code : application.region_nis_codes()) {
    if (code == scope || municipalities.Territory2025(code) == scope) return true;
  }
  return false;
}

}  // namespace

absl::Status RequireReader(const rpc::Principal& principal,
                           const v1::PartnershipApplicationSubmitted& application,
                           const domain::MunicipalityRegistry& municipalities) {
  switch (principal.role) {
    case identity::v1::ACTOR_ROLE_OFFICER:
    case identity::v1::ACTOR_ROLE_AUDITOR:
      return absl::OkStatus();
    case identity::v1::ACTOR_ROLE_ACADEMY:
      if (IsMember(principal.identity, application)) return absl::OkStatus();
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_ACADEMY",
                       "an academy sees only the partnerships it leads or is a partner of");
    case identity::v1::ACTOR_ROLE_MUNICIPALITY:
      if (InRegion(principal.identity, application, municipalities)) return absl::OkStatus();
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_MUNICIPALITY",
                       "a municipality sees only the partnerships whose region contains it");
    default:
      return MakeError(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
                       "this role does not read partnerships");
  }
}

bool MayRead(const rpc::Principal& principal,
             const v1::PartnershipApplicationSubmitted& application,
             const domain::MunicipalityRegistry& municipalities) {
  return RequireReader(principal, application, municipalities).ok();
}

}  // namespace stem::partnership
