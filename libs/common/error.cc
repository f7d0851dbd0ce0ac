#include "libs/common/error.h"

#include "absl/strings/cord.h"
#include "libs/common/absl_compat.h"

namespace stem {
namespace {
constexpr std::string_view kReasonPayload = "type.googleapis.com/google.rpc.ErrorInfo.reason";
}  // namespace

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
