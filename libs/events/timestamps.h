// google.protobuf.Timestamp (how facts and requests carry instants) and absl::Time (how the
// code computes with them), one way in each direction.
#ifndef STEM_LIBS_EVENTS_TIMESTAMPS_H_
#define STEM_LIBS_EVENTS_TIMESTAMPS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/error.h"

namespace stem::events {

// Total over every Timestamp, valid or not (a fact read back from the log is input too):
// seconds and nanoseconds are added as absl::Durations, which saturate instead of
// overflowing as nanoseconds in an int64 would past the year 2262.
inline absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

// A Timestamp a caller sent: INVALID_ARGUMENT with `reason` when it is not a valid
// google.protobuf.Timestamp (seconds within years 1-9999, nanos within 0..999,999,999).
inline absl::StatusOr<absl::Time> FromRequestTimestamp(const google::protobuf::Timestamp& timestamp,
                                                       std::string_view reason,
                                                       std::string_view what) {
  using google::protobuf::util::TimeUtil;
  // (Debian's protobuf 3.21 has the limits but not TimeUtil::IsTimestampValid.)
  if (timestamp.seconds() < TimeUtil::kTimestampMinSeconds ||
      timestamp.seconds() > TimeUtil::kTimestampMaxSeconds || timestamp.nanos() < 0 ||
      timestamp.nanos() > 999999999) {
    return MakeError(absl::StatusCode::kInvalidArgument, reason,
                     std::string(what) + " is not a valid Timestamp");
  }
  return FromTimestamp(timestamp);
}

// A Duration a caller sent, the same way (IsDurationValid: at most 10,000 years, nanos of
// the same sign as seconds).
inline absl::StatusOr<absl::Duration> FromRequestDuration(
    const google::protobuf::Duration& duration, std::string_view reason, std::string_view what) {
  using google::protobuf::util::TimeUtil;
  if (duration.seconds() < TimeUtil::kDurationMinSeconds ||
      duration.seconds() > TimeUtil::kDurationMaxSeconds || duration.nanos() < -999999999 ||
      duration.nanos() > 999999999 || (duration.seconds() > 0 && duration.nanos() < 0) ||
      (duration.seconds() < 0 && duration.nanos() > 0)) {
    return MakeError(absl::StatusCode::kInvalidArgument, reason,
                     std::string(what) + " is not a valid Duration");
  }
  return absl::Seconds(duration.seconds()) + absl::Nanoseconds(duration.nanos());
}

inline google::protobuf::Timestamp ToTimestamp(absl::Time instant) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(instant));
}

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_TIMESTAMPS_H_
