// Log positions as the suite's messages carry them (stem.common.v1.LogPosition: offset = the
// next offset, every record read lies before it), in partition order; and back.
#ifndef STEM_LIBS_EVENTS_LOG_POSITIONS_H_
#define STEM_LIBS_EVENTS_LOG_POSITIONS_H_

#include "google/protobuf/repeated_ptr_field.h"
#include "libs/eventlog/event_log.h"
#include "stem/common/v1/types.pb.h"

namespace stem::events {

google::protobuf::RepeatedPtrField<common::v1::LogPosition> ToLogPositions(
    const eventlog::Positions& positions);
// A partition named twice keeps its last offset; callers that must refuse that (a peer's
// manifest) check it themselves.
eventlog::Positions FromLogPositions(
    const google::protobuf::RepeatedPtrField<common::v1::LogPosition>& positions);

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_LOG_POSITIONS_H_
