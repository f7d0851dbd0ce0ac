// Errors that carry a stable, machine-readable reason (e.g. KBO_INVALID) next to the gRPC
// code and a human message. The reason travels as a payload of absl::Status inside the
// libraries and becomes a google.rpc.ErrorInfo at the gRPC edge.
#ifndef STEM_LIBS_COMMON_ERROR_H_
#define STEM_LIBS_COMMON_ERROR_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace stem {

// The error domain of ErrorInfo for every reason of this suite.
inline constexpr std::string_view kErrorDomain = "stem-academies.vlaio.be";

absl::Status MakeError(absl::StatusCode code, std::string_view reason, std::string_view message);

// The reason of an error made by MakeError; empty when it has none.
std::string ReasonOf(const absl::Status& status);

// `status` with a hint of when a retry may succeed (google.rpc.RetryInfo at the gRPC edge),
// for transient errors such as a log that is away.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);
// The hint WithRetryDelay gave; zero when there is none.
absl::Duration RetryDelayOf(const absl::Status& status);

// "<REASON>: <message>", or the message alone when the error has no reason: what a process
// prints when it cannot start, so that an operator can search for the reason.
std::string DescribeError(const absl::Status& status);

}  // namespace stem

#endif  // STEM_LIBS_COMMON_ERROR_H_
