#include "tools/demo/demo_client.h"

#include <algorithm>
#include <map>
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

DemoClient::DemoClient(const Endpoints& endpoints, TokenBook tokens, absl::Duration call_timeout)
    : tokens_(std::move(tokens)), call_timeout_(call_timeout) {
  // A short reconnect backoff: the server may still be starting when the demo begins.
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  std::map<std::string, std::shared_ptr<grpc::Channel>> by_address;
  auto channel = [&](const std::string& address) {
    const std::string& target = address.empty() ? endpoints.server : address;
    std::shared_ptr<grpc::Channel>& open = by_address[target];
    if (open == nullptr) {
      open = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), arguments);
      channels_.push_back(open);
    }
    return open;
  };
  subsidy_ = subsidy::v1::SubsidyService::NewStub(channel(endpoints.subsidy));
  reports_ = subsidy::v1::ReportService::NewStub(channel(endpoints.subsidy));
  projections_ = ops::v1::ProjectionService::NewStub(channel(endpoints.subsidy));
  recognition_ = recognition::v1::RecognitionService::NewStub(channel(endpoints.recognition));
  activity_ = activity::v1::ActivityService::NewStub(channel(endpoints.activity));
  partnership_ = partnership::v1::PartnershipService::NewStub(channel(endpoints.partnership));
  audit_ = audit::v1::AuditService::NewStub(channel(endpoints.audit));
  for (const auto& open : channels_) clocks_.push_back(clock::v1::ClockService::NewStub(open));
}

absl::Status DemoClient::WaitUntilServing(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (const auto& channel : channels_) {
    if (absl::Status serving = WaitUntilServing(*channel, deadline); !serving.ok()) {
      return serving;
    }
  }
  return absl::OkStatus();
}

absl::Status DemoClient::WaitUntilServing(grpc::Channel& channel, absl::Time deadline) {
  const auto health = grpc::health::v1::Health::NewStub(
      std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
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
  return absl::DeadlineExceededError(absl::StrCat("the server is not SERVING in time: ", last));
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
