// Starts a service's gRPC server the same way everywhere: standard health checking
// (grpc.health.v1, per service name, NOT_SERVING until the owner says it is ready),
// server reflection (so grpcurl and other standard tools can list and call the API),
// plaintext on loopback for the embedded mode or mutual TLS for the distributed mode, and a
// request that cannot be decoded refused INVALID_ARGUMENT / MALFORMED_REQUEST
// (malformed_requests.h).
#ifndef STEM_LIBS_RPC_SERVER_H_
#define STEM_LIBS_RPC_SERVER_H_

#include <grpcpp/server.h>
#include <grpcpp/server_context.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stem::rpc {

struct TlsFiles {
  std::string certificate_chain;  // the server's certificate (PEM)
  std::string private_key;        // its key (PEM)
  std::string client_ca;          // the CA that signs client certificates (PEM)
};

struct ServerOptions {
  // host:port; port 0 picks a free one (see Server::port()).
  std::string listen_address = "127.0.0.1:0";
  // Set: mutual TLS, a client certificate is required. Unset: plaintext, on loopback only
  // (addresses.h) unless allow_plaintext_off_loopback.
  std::optional<TlsFiles> tls;
  bool allow_plaintext_off_loopback = false;
};

class Server {
 public:
  // The services are not owned and must outlive the server. `health_names` are the
  // service names reported by grpc.health.v1 (the full proto service names).
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const ServerOptions& options, const std::vector<grpc::Service*>& services,
      const std::vector<std::string>& health_names);
  ~Server();

  int port() const { return port_; }
  // Readiness: SERVING once the service's projection has caught up.
  void SetServing(bool serving);
  // Stops accepting calls and waits for running ones until `deadline`.
  void Shutdown(absl::Time deadline);

 private:
  Server(std::unique_ptr<grpc::Server> server, int port, std::vector<std::string> health_names)
      : server_(std::move(server)), port_(port), health_names_(std::move(health_names)) {}
  std::unique_ptr<grpc::Server> server_;
  int port_;
  std::vector<std::string> health_names_;
};

// The time a handler may use: the caller's deadline, but never more than `cap` (a caller
// without a deadline must not hold a thread forever).
absl::Time CallDeadline(const grpc::ServerContext& context, absl::Duration cap = absl::Seconds(30));

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_SERVER_H_
