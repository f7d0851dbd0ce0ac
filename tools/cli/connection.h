// Where `stem` sends a call and who it says it is.
//
// Server: --server, else STEM_SERVER_<SERVICE> (the distributed mode: one process per
// service), else STEM_SERVER, else 127.0.0.1:50051.
// Identity: a bearer token (--token / STEM_TOKEN; the embedded mode's token file), or a
// mutual-TLS client certificate whose common name is "<ROLE>:<identity>" (--cert, --key,
// --ca / STEM_CERT, STEM_KEY, STEM_CA; the distributed mode). Over TLS the server's
// certificate must name the server's host as given.
#ifndef STEM_TOOLS_CLI_CONNECTION_H_
#define STEM_TOOLS_CLI_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/cli/command_tree.h"

namespace stem::cli {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";
// The deadline of a unary call and of a whole server stream (an audit replays the whole
// log) when --timeout is not given.
inline constexpr absl::Duration kDefaultCallTimeout = absl::Seconds(30);
inline constexpr absl::Duration kDefaultStreamTimeout = absl::Hours(1);

struct Connection {
  std::string server;
  std::shared_ptr<grpc::Channel> channel;
  // Empty: no bearer token (mutual TLS, or no identity at all).
  std::string token;
  // The deadline of each call, from --timeout.
  absl::Duration timeout;

  // A call's context: the bearer token and a deadline `timeout` from now (the connection's
  // when not given).
  std::unique_ptr<grpc::ClientContext> NewContext() const { return NewContext(timeout); }
  std::unique_ptr<grpc::ClientContext> NewContext(absl::Duration call_timeout) const;
};

// The server for a service whose own variables are `server_env` (most specific first).
std::string ResolveServer(const GlobalOptions& options, const Environment& env,
                          const std::vector<std::string>& server_env);

// --timeout: "30s", "2m", "1h30m", a positive duration; empty: `fallback`.
absl::StatusOr<absl::Duration> ParseTimeout(std::string_view text, absl::Duration fallback);

// A channel with the identity the options and environment give; calls get --timeout, or
// `default_timeout` when it is not given. Errors (a missing or unreadable certificate
// file, a bad --timeout) are the user's to fix: usage errors.
absl::StatusOr<Connection> Connect(const GlobalOptions& options, const Environment& env,
                                   const std::vector<std::string>& server_env,
                                   absl::Duration default_timeout);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_CONNECTION_H_
