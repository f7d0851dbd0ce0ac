#include "libs/rpc/certificate_authenticator.h"

#include <grpc/grpc_security_constants.h>

#include "libs/common/error.h"
#include "libs/rpc/internal/identity_rules.h"

namespace stem::rpc {

absl::StatusOr<Principal> PrincipalFromCommonName(const std::string& common_name) {
  const size_t colon = common_name.find(':');
  if (colon == std::string::npos) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_UNKNOWN",
                     "the client certificate's common name must be <ROLE>:<identity>");
  }
  Principal principal{RoleFromName(common_name.substr(0, colon)), common_name.substr(colon + 1)};
  if (absl::Status valid = internal::CheckIdentity(principal); !valid.ok()) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_UNKNOWN",
                     "client certificate: " + std::string(valid.message()));
  }
  return principal;
}

absl::StatusOr<Principal> CertificateAuthenticator::Authenticate(
    const grpc::ServerContext& context) const {
  auto auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_MISSING",
                     "present a client certificate signed by the suite's client CA");
  }
  auto names = auth->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME);
  if (names.size() != 1) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_MISSING",
                     "the client certificate has no single common name");
  }
  return PrincipalFromCommonName(std::string(names[0].data(), names[0].size()));
}

}  // namespace stem::rpc
