#include "libs/common/error.h"

#include "absl/strings/cord.h"
#include "libs/common/absl_compat.h"

namespace stem {
namespace {
constexpr std::string_view kReasonPayload = "type.googleapis.com/google.rpc.ErrorInfo.reason";
constexpr std::string_view kRetryPayload = "type.googleapis.com/google.rpc.RetryInfo.retry_delay";
}  // namespace

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  status.SetPayload(ToAbsl(kRetryPayload), absl::Cord(absl::FormatDuration(delay)));
  return status;
}

absl::Duration RetryDelayOf(const absl::Status& status) {
  auto payload = status.GetPayload(ToAbsl(kRetryPayload));
  absl::Duration delay;
  if (!payload || !absl::ParseDuration(std::string(*payload), &delay)) return absl::ZeroDuration();
  return delay;
}

absl::Status MakeError(absl::StatusCode code, std::string_view reason, std::string_view message) {
  absl::Status status(code, ToAbsl(message));
  status.SetPayload(ToAbsl(kReasonPayload), absl::Cord(ToAbsl(reason)));
  return status;
}

std::string ReasonOf(const absl::Status& status) {
  auto reason = status.GetPayload(ToAbsl(kReasonPayload));
  return reason ? std::string(*reason) : std::string();
}

std::string DescribeError(const absl::Status& status) {
  const std::string reason = ReasonOf(status);
  const std::string message(status.message());
  return reason.empty() ? message : reason + ": " + message;
}

}  // namespace stem
