#include "libs/events/log_positions.h"

namespace stem::events {

google::protobuf::RepeatedPtrField<common::v1::LogPosition> ToLogPositions(
    const eventlog::Positions& positions) {
  google::protobuf::RepeatedPtrField<common::v1::LogPosition> result;
  for (const auto& [partition, next] : positions) {
    common::v1::LogPosition* position = result.Add();
    position->set_topic(partition.topic);
    position->set_partition(partition.partition);
    position->set_offset(next);
  }
  return result;
}

eventlog::Positions FromLogPositions(
    const google::protobuf::RepeatedPtrField<common::v1::LogPosition>& positions) {
  eventlog::Positions result;
  for (const common::v1::LogPosition& position : positions) {
    result[{position.topic(), position.partition()}] = position.offset();
  }
  return result;
}

}  // namespace stem::events
