#include "tools/demo/demo_client.h"

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/rpc/status.h"

namespace stem::demo {
namespace {

constexpr absl::Duration kHealthAttempt = absl::Seconds(2);
constexpr absl::Duration kHealthPause = absl::Milliseconds(200);

}  // namespace

DemoClient::DemoClient(const std::string& server, TokenBook tokens, absl::Duration call_timeout)
    : tokens_(std::move(tokens)), call_timeout_(call_timeout) {
  // A short reconnect backoff: the server may still be starting when the demo begins.
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  channel_ = grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), arguments);
  recognition_ = recognition::v1::RecognitionService::NewStub(channel_);
  activity_ = activity::v1::ActivityService::NewStub(channel_);
  subsidy_ = subsidy::v1::SubsidyService::NewStub(channel_);
  reports_ = subsidy::v1::ReportService::NewStub(channel_);
  partnership_ = partnership::v1::PartnershipService::NewStub(channel_);
  clock_ = clock::v1::ClockService::NewStub(channel_);
  audit_ = audit::v1::AuditService::NewStub(channel_);
  projections_ = ops::v1::ProjectionService::NewStub(channel_);
}

absl::Status DemoClient::WaitUntilServing(absl::Duration timeout) {
  const auto health = grpc::health::v1::Health::NewStub(channel_);
  const absl::Time deadline = absl::Now() + timeout;
  std::string last = "no answer";
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kHealthAttempt));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    if (status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    last = status.ok()
               ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
               : status.error_message();
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(kHealthPause));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("the server is not SERVING after ", absl::FormatDuration(timeout), ": ", last));
}

absl::StatusOr<std::unique_ptr<grpc::ClientContext>> DemoClient::As(const Actor& actor) const {
  auto token = tokens_.TokenOf(actor);
  if (!token.ok()) return token.status();
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + *token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + call_timeout_));
  return context;
}

absl::Status Expect(std::string_view command, std::string_view subject,
                    const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const absl::Status error = rpc::FromGrpcStatus(status);
  std::string reason = ReasonOf(error);
  if (reason.empty()) reason = "no reason given";
  return MakeError(error.code(), reason,
                   absl::StrCat(ToAbsl(command), " (", ToAbsl(subject), ") refused: ", reason, " (",
                                absl::StatusCodeToString(error.code()), "): ", error.message()));
}

}  // namespace stem::demo
