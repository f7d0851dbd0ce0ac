// Identities from mutual-TLS client certificates (the distributed mode).
//
// The server requires and verifies a client certificate signed by the suite's client CA.
// The certificate's subject common name says who the caller is: `<ROLE>:<identity>`, e.g.
// `ACADEMY:0123456749`, `MUNICIPALITY:11002`, `OFFICER:an.officer@vlaio.be`,
// `AUDITOR:rekenhof`, `OPERATOR:ops`. The same identity rules as in token files apply.
#ifndef STEM_LIBS_RPC_CERTIFICATE_AUTHENTICATOR_H_
#define STEM_LIBS_RPC_CERTIFICATE_AUTHENTICATOR_H_

#include "libs/rpc/authenticator.h"

namespace stem::rpc {

class CertificateAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContext& context) const override;
};

// Parses `<ROLE>:<identity>` and checks the identity's form for the role.
absl::StatusOr<Principal> PrincipalFromCommonName(const std::string& common_name);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_CERTIFICATE_AUTHENTICATOR_H_
