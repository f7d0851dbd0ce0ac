// How one of the suite's processes calls another (the audit a service's ProjectionService,
// a new replica its peer for a checkpoint): with a bearer token, or with a mutual-TLS
// client certificate, read from files an operator names.
#ifndef STEM_LIBS_RPC_CLIENT_CREDENTIALS_H_
#define STEM_LIBS_RPC_CLIENT_CREDENTIALS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace stem::rpc {

struct ClientCredentials {
  // A bearer token (token identities), or
  std::string token;
  // mutual TLS: PEM contents of the client certificate, its key and the servers' CA.
  std::optional<grpc::SslCredentialsOptions> tls;
};

// The files behind ClientCredentials; empty names are not read. A certificate needs its key
// and the CA.
struct ClientCredentialFiles {
  std::string token_file;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_ca;
};

// INVALID_ARGUMENT / FILE_UNREADABLE for a named file that cannot be read: an empty token or
// certificate is never presented instead.
absl::StatusOr<ClientCredentials> LoadClientCredentials(const ClientCredentialFiles& files);

// FAILED_PRECONDITION / PLAINTEXT_TOKEN_REFUSED when a bearer token would go without TLS to
// an address that is not loopback (addresses.h): never in clear over a network. `flags`
// names the flags that give TLS, for the message.
absl::Status CheckTokenTransport(const std::string& address, const ClientCredentials& credentials,
                                 const std::string& flags);

// A channel to `address` with the credentials' TLS (plaintext without).
std::shared_ptr<grpc::Channel> OpenChannel(const std::string& address,
                                           const ClientCredentials& credentials);

// Adds the bearer token, if any, to a call.
void Authorize(grpc::ClientContext& context, const ClientCredentials& credentials);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_CLIENT_CREDENTIALS_H_
