// Maps a gRPC call to the principal behind it. Services ask once per call; an unknown or
// missing identity is UNAUTHENTICATED, never a default role.
//
// Two ways to prove who you are:
//   - the embedded mode: a bearer token ("authorization: Bearer <token>") looked up in a
//     token file (TokenFileAuthenticator);
//   - the distributed mode: a mutual-TLS client certificate (added with the services).
#ifndef STEM_LIBS_RPC_AUTHENTICATOR_H_
#define STEM_LIBS_RPC_AUTHENTICATOR_H_

#include <grpcpp/server_context.h>

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/rpc/principal.h"

namespace stem::rpc {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual absl::StatusOr<Principal> Authenticate(const grpc::ServerContext& context) const = 0;
};

// A token file holds one caller per line: `<token> <ROLE> <identity>`, e.g.
//   7f3c...e1  ACADEMY       0123456749
//   91ab...07  MUNICIPALITY  11002
//   c2d4...9a  OFFICER       an.officer@vlaio.be
// Blank lines and lines starting with '#' are ignored. An ACADEMY's identity must be a
// 10-digit KBO number and a MUNICIPALITY's a 5-digit NIS code; a token has at least 16
// characters. A request with more than one authorization header is refused
// (IDENTITY_AMBIGUOUS).
class TokenFileAuthenticator final : public Authenticator {
 public:
  static constexpr size_t kMinTokenLength = 16;
  // FAILED_PRECONDITION when the file is not a regular file or others than its owner may
  // read or write it (chmod 600), so that a token file is never left readable by all.
  static absl::StatusOr<std::unique_ptr<TokenFileAuthenticator>> Load(const std::string& path);
  static absl::StatusOr<std::unique_ptr<TokenFileAuthenticator>> Parse(const std::string& text);

  absl::StatusOr<Principal> Authenticate(const grpc::ServerContext& context) const override;

 private:
  explicit TokenFileAuthenticator(std::map<std::string, Principal> principals)
      : principals_(std::move(principals)) {}
  std::map<std::string, Principal> principals_;
};

// Counts the calls `inner` refuses and logs them, rate-limited (no caller can flood the log
// by guessing tokens): the reason, the method and the peer.
class CountingAuthenticator final : public Authenticator {
 public:
  explicit CountingAuthenticator(std::unique_ptr<Authenticator> inner);
  ~CountingAuthenticator() override;
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContext& context) const override;
  int64_t refused() const;

 private:
  struct Counts;
  std::unique_ptr<Authenticator> inner_;
  std::unique_ptr<Counts> counts_;
};

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_AUTHENTICATOR_H_
