#include "libs/rpc/principal.h"

#include <algorithm>

#include "libs/common/error.h"

namespace stem::rpc {

using identity::v1::ActorRole;

identity::v1::Actor Principal::ToActor() const {
  identity::v1::Actor actor;
  actor.set_role(role);
  actor.set_identity(identity);
  return actor;
}

absl::Status RequireRole(const Principal& principal, std::initializer_list<ActorRole> allowed) {
  if (std::find(allowed.begin(), allowed.end(), principal.role) != allowed.end()) {
    return absl::OkStatus();
  }
  std::string names;
  for (ActorRole role : allowed) names += (names.empty() ? "" : ", ") + RoleName(role);
  return MakeError(
      absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
      "this call needs one of the roles " + names + "; the caller is " + RoleName(principal.role));
}

std::string RoleName(ActorRole role) {
  switch (role) {
    case identity::v1::ACTOR_ROLE_ACADEMY:
      return "ACADEMY";
    case identity::v1::ACTOR_ROLE_MUNICIPALITY:
      return "MUNICIPALITY";
    case identity::v1::ACTOR_ROLE_OFFICER:
      return "OFFICER";
    case identity::v1::ACTOR_ROLE_AUDITOR:
      return "AUDITOR";
    case identity::v1::ACTOR_ROLE_OPERATOR:
      return "OPERATOR";
    case identity::v1::ACTOR_ROLE_SYSTEM:
      return "SYSTEM";
    default:
      return "NONE";
  }
}

ActorRole RoleFromName(const std::string& name) {
  for (ActorRole role : {identity::v1::ACTOR_ROLE_ACADEMY, identity::v1::ACTOR_ROLE_MUNICIPALITY,
                         identity::v1::ACTOR_ROLE_OFFICER, identity::v1::ACTOR_ROLE_AUDITOR,
                         identity::v1::ACTOR_ROLE_OPERATOR}) {
    if (RoleName(role) == name) return role;
  }
  return identity::v1::ACTOR_ROLE_UNSPECIFIED;
}

}  // namespace stem::rpc
