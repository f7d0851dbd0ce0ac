// google.protobuf.Timestamp (how facts and requests carry instants) and absl::Time (how the
// code computes with them), one way in each direction.
#ifndef STEM_LIBS_EVENTS_TIMESTAMPS_H_
#define STEM_LIBS_EVENTS_TIMESTAMPS_H_

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace stem::events {

inline absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixNanos(google::protobuf::util::TimeUtil::TimestampToNanoseconds(timestamp));
}

inline google::protobuf::Timestamp ToTimestamp(absl::Time instant) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(instant));
}

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_TIMESTAMPS_H_
