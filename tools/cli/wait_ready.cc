#include "tools/cli/wait_ready.h"

#include <algorithm>
#include <memory>
#include <thread>

#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tools/cli/cli11.h"
#include "tools/cli/connection.h"
#include "tools/cli/errors.h"
#include "tools/cli/progress.h"
#include "tools/cli/service_registry.h"

namespace stem::cli {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

constexpr absl::Duration kAttemptTimeout = absl::Seconds(2);
constexpr absl::Duration kPause = absl::Milliseconds(200);

int WaitReady(const CommandContext& context, const std::string& service) {
  // A `stem` service name stands for its gRPC name and its server; anything else is a
  // gRPC service name (empty: the whole server) on the ops server.
  std::vector<std::string> server_env = {"STEM_SERVER_OPS"};
  std::string health_name = service;
  if (const ServiceEntry* entry = FindService(service); entry != nullptr) {
    server_env = entry->server_env;
    health_name = entry->full_name;
  }
  absl::StatusOr<Connection> connection =
      Connect(context.options, context.env, server_env, kDefaultCallTimeout);
  if (!connection.ok()) return ReportUsageError(connection.status(), context.err);
  const absl::Time deadline = absl::Now() + connection->timeout;
  const auto stub = grpc::health::v1::Health::NewStub(connection->channel);
  const std::string what = health_name.empty() ? connection->server : health_name;
  Spinner spinner("waiting for " + what, context.err, context.err_is_terminal);
  grpc::Status last_error;
  std::string last_state = "no answer yet";
  while (true) {
    HealthCheckRequest request;
    request.set_service(health_name);
    HealthCheckResponse response;
    const auto call = connection->NewContext(
        std::max(std::min(kAttemptTimeout, deadline - absl::Now()), absl::Milliseconds(1)));
    const grpc::Status status = stub->Check(call.get(), request, &response);
    if (status.ok() && response.status() == HealthCheckResponse::SERVING) {
      spinner.Finish("");
      context.out << "SERVING " << what << "\n";
      return kExitOk;
    }
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      spinner.Finish("");
      return ReportRpcError(status, connection->server, context.err);  // no such service
    }
    last_error = status;
    last_state = status.ok()
                     ? HealthCheckResponse::ServingStatus_Name(response.status())
                     : absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
    spinner.Tick(last_state);
    if (absl::Now() + kPause >= deadline) break;
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(kPause));
  }
  spinner.Finish("");
  if (!last_error.ok()) return ReportRpcError(last_error, connection->server, context.err);
  context.err << "error: " << what << " is " << last_state << ", not SERVING, after "
              << absl::FormatDuration(connection->timeout) << "\n"
              << "hint: it may still be catching up with the log: wait longer (--timeout)\n";
  return kExitRefused;
}

}  // namespace

void InstallWaitReady(CommandTree& tree) {
  const ServiceEntry* ops = FindService("ops");
  CLI::App& group = tree.Group("ops", ops != nullptr ? ops->summary : "Operating the suite");
  CLI::App* command = group.add_subcommand(
      "wait-ready", "Wait until the server reports SERVING (grpc.health.v1), at most --timeout");
  auto service = std::make_shared<std::string>();
  command->add_option("--service", *service,
                      "a `stem` service (recognition, activity, ...) or a gRPC service name; "
                      "default: the whole server");
  tree.SetAction(*command,
                 [service](const CommandContext& context) { return WaitReady(context, *service); });
}

}  // namespace stem::cli
