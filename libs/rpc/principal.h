// Who is calling, as the services see it (rulebook section 8).
#ifndef STEM_LIBS_RPC_PRINCIPAL_H_
#define STEM_LIBS_RPC_PRINCIPAL_H_

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "stem/identity/v1/actor.pb.h"

namespace stem::rpc {

struct Principal {
  identity::v1::ActorRole role = identity::v1::ACTOR_ROLE_UNSPECIFIED;
  // The KBO number of an academy, the NIS code of a municipality, a user name otherwise.
  std::string identity;

  identity::v1::Actor ToActor() const;
};

// PERMISSION_DENIED (reason ROLE_NOT_ALLOWED) unless the principal has one of the roles.
absl::Status RequireRole(const Principal& principal,
                         std::initializer_list<identity::v1::ActorRole> allowed);

// Role names as written in token files and certificates: ACADEMY, MUNICIPALITY, OFFICER,
// AUDITOR, OPERATOR.
std::string RoleName(identity::v1::ActorRole role);
identity::v1::ActorRole RoleFromName(const std::string& name);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_PRINCIPAL_H_
