#include "libs/rpc/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <grpcpp/server_builder.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include "libs/rpc/access_log.h"
#include "libs/rpc/addresses.h"
#include "libs/rpc/malformed_requests.h"
#include "libs/rpc/rpc_metrics.h"

namespace stem::rpc {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// How often the certificate files are read again: a rotated certificate (cert-manager renews
// the secret's files in place) is served from then on, without a restart.
constexpr unsigned int kCertificateRefreshSeconds = 2;

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& options) {
  if (!options.tls) return grpc::InsecureServerCredentials();
  // Read once here so that a missing file fails the start; the watcher reads them from then on.
  for (const std::string* path :
       {&options.tls->certificate_chain, &options.tls->private_key, &options.tls->client_ca}) {
    if (auto readable = ReadFile(*path); !readable.ok()) return readable.status();
  }
  auto files = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      options.tls->private_key, options.tls->certificate_chain, options.tls->client_ca,
      kCertificateRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions tls(files);
  tls.watch_root_certs();
  tls.watch_identity_key_cert_pairs();
  tls.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  return grpc::experimental::TlsServerCredentials(tls);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options, const std::vector<grpc::Service*>& services,
    const std::vector<std::string>& health_names) {
  if (absl::Status allowed = CheckPlaintextListen(options.listen_address, options.tls.has_value(),
                                                  options.allow_plaintext_off_loopback);
      !allowed.ok()) {
    return allowed;
  }
  // Both are process-wide switches that must be set before the first builder exists.
  static std::once_flag plugins;
  std::call_once(plugins, [] {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    RouteProtobufLogs();
  });
  auto credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, *credentials, &port);
  // A second process on the same port must fail, not share the port and half the calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(MalformedRequestInterceptorFactory());
  // After the one above: these count and log the status that one may have rewritten.
  interceptors.push_back(RpcMetricsInterceptorFactory(metrics::ProcessRegistry()));
  interceptors.push_back(AccessLogInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError("cannot listen on " + options.listen_address +
                                  " (is another process using that port?)");
  }
  std::unique_ptr<Server> started(new Server(std::move(server), port, health_names));
  started->SetServing(false);
  return started;
}

Server::~Server() { Shutdown(absl::Now() + absl::Seconds(5)); }

void Server::SetServing(bool serving) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);
  for (const std::string& name : health_names_) health->SetServingStatus(name, serving);
}

void Server::Shutdown(absl::Time deadline) {
  if (server_ == nullptr) return;
  server_->Shutdown(absl::ToChronoTime(deadline));
  server_->Wait();
  server_.reset();
}

absl::Time CallDeadline(const grpc::ServerContext& context, absl::Duration cap) {
  const absl::Time capped = absl::Now() + cap;
  // Give up a little before the caller does, so that the caller hears why.
  const absl::Time caller = absl::FromChrono(context.deadline()) - absl::Milliseconds(200);
  return caller < capped ? caller : capped;
}

}  // namespace stem::rpc
