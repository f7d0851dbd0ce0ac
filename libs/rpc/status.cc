#include "libs/rpc/status.h"

#include <iterator>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"

namespace stem::rpc {

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status details;
  if (status.ok()) return details;
  details.set_code(static_cast<int>(status.code()));
  // Where the server keeps its files is none of the caller's business.
  details.set_message(ScrubPaths(FromAbsl(status.message())));
  const std::string reason = ReasonOf(status);
  if (reason.empty()) return details;
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain(std::string(kErrorDomain));
  details.add_details()->PackFrom(info);
  if (const absl::Duration delay = RetryDelayOf(status); delay > absl::ZeroDuration()) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(absl::ToInt64Seconds(delay));
    retry.mutable_retry_delay()->set_nanos(
        static_cast<int32_t>(absl::ToInt64Nanoseconds(delay % absl::Seconds(1))));
    details.add_details()->PackFrom(retry);
  }
  return details;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status details = ToRpcStatus(status);
  const auto code = static_cast<grpc::StatusCode>(details.code());
  if (details.details().empty()) return grpc::Status(code, details.message());
  return grpc::Status(code, details.message(), details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    absl::Status result(code, ToAbsl(status.error_message()));
    for (const auto& detail : details.details()) {
      google::rpc::ErrorInfo info;
      google::rpc::RetryInfo retry;
      if (detail.UnpackTo(&info)) {
        absl::Status with_reason = MakeError(code, info.reason(), status.error_message());
        if (absl::Duration delay = RetryDelayOf(result); delay > absl::ZeroDuration()) {
          with_reason = WithRetryDelay(with_reason, delay);
        }
        result = with_reason;
      } else if (detail.UnpackTo(&retry)) {
        result = WithRetryDelay(result, absl::Seconds(retry.retry_delay().seconds()) +
                                            absl::Nanoseconds(retry.retry_delay().nanos()));
      }
    }
    return result;
  }
  return absl::Status(code, ToAbsl(status.error_message()));
}

absl::Status FromRpcStatus(const google::rpc::Status& status) {
  if (status.code() == 0) return absl::OkStatus();
  return FromGrpcStatus(grpc::Status(static_cast<grpc::StatusCode>(status.code()), status.message(),
                                     status.SerializeAsString()));
}

const char* StatusCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < static_cast<int>(std::size(kNames)) ? kNames[index] : "UNKNOWN";
}

MethodName SplitMethodPath(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (path.size() < 2 || path[0] != '/' || slash == std::string_view::npos || slash < 2 ||
      slash + 1 == path.size()) {
    return {};
  }
  return {std::string(path.substr(1, slash - 1)), std::string(path.substr(slash + 1))};
}

}  // namespace stem::rpc
