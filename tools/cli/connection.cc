#include "tools/cli/connection.h"

#include <fstream>
#include <sstream>

#include "absl/time/clock.h"
#include "libs/common/absl_compat.h"

namespace stem::cli {
namespace {

// The flag when given, else the variable.
std::string FlagOrEnv(const std::string& flag, const Environment& env, const char* variable) {
  return flag.empty() ? env.Get(variable) : flag;
}

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(std::string(flag) + ": cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(const GlobalOptions& options,
                                                                      const Environment& env) {
  const std::string cert = FlagOrEnv(options.cert, env, "STEM_CERT");
  const std::string key = FlagOrEnv(options.key, env, "STEM_KEY");
  const std::string ca = FlagOrEnv(options.ca, env, "STEM_CA");
  if (cert.empty() && key.empty() && ca.empty()) return grpc::InsecureChannelCredentials();
  if (cert.empty() || key.empty() || ca.empty()) {
    return absl::InvalidArgumentError(
        "mutual TLS needs --cert, --key and --ca (or STEM_CERT, STEM_KEY, STEM_CA) together");
  }
  grpc::SslCredentialsOptions ssl;
  auto root = ReadPem(ca, "--ca");
  if (!root.ok()) return root.status();
  auto chain = ReadPem(cert, "--cert");
  if (!chain.ok()) return chain.status();
  auto private_key = ReadPem(key, "--key");
  if (!private_key.ok()) return private_key.status();
  ssl.pem_root_certs = std::move(*root);
  ssl.pem_cert_chain = std::move(*chain);
  ssl.pem_private_key = std::move(*private_key);
  return grpc::SslCredentials(ssl);
}

}  // namespace

std::unique_ptr<grpc::ClientContext> Connection::NewContext(absl::Duration call_timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + call_timeout));
  return context;
}

std::string ResolveServer(const GlobalOptions& options, const Environment& env,
                          const std::vector<std::string>& server_env) {
  if (!options.server.empty()) return options.server;
  for (const std::string& variable : server_env) {
    if (std::string server = env.Get(variable); !server.empty()) return server;
  }
  if (std::string server = env.Get("STEM_SERVER"); !server.empty()) return server;
  return kDefaultServer;
}

absl::StatusOr<absl::Duration> ParseTimeout(std::string_view text, absl::Duration fallback) {
  if (text.empty()) return fallback;
  absl::Duration timeout;
  if (!absl::ParseDuration(ToAbsl(text), &timeout) || timeout <= absl::ZeroDuration() ||
      timeout == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        "--timeout wants a positive duration such as 30s or 2m, not " + std::string(text));
  }
  return timeout;
}

absl::StatusOr<Connection> Connect(const GlobalOptions& options, const Environment& env,
                                   const std::vector<std::string>& server_env,
                                   absl::Duration default_timeout) {
  auto timeout = ParseTimeout(options.timeout, default_timeout);
  if (!timeout.ok()) return timeout.status();
  auto credentials = Credentials(options, env);
  if (!credentials.ok()) return credentials.status();
  Connection connection;
  connection.server = ResolveServer(options, env, server_env);
  // A short reconnect backoff: `stem ops wait-ready` polls a server that is coming up, and
  // gRPC's default backoff (up to minutes) would let it notice only long after.
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  connection.channel = grpc::CreateCustomChannel(connection.server, *credentials, arguments);
  connection.token = FlagOrEnv(options.token, env, "STEM_TOKEN");
  connection.timeout = *timeout;
  return connection;
}

}  // namespace stem::cli
