#include "libs/eventlog/event_log.h"

#include "absl/strings/str_cat.h"
#include "libs/eventlog/internal/murmur2.h"

namespace stem::eventlog {

std::string ToString(const TopicPartition& tp) { return absl::StrCat(tp.topic, "/", tp.partition); }

absl::StatusOr<int64_t> EventLog::RecentEnd(const TopicPartition& partition, absl::Time deadline) {
  absl::StatusOr<Positions> ends = EndOffsets(partition.topic, deadline);
  if (!ends.ok()) return ends.status();
  auto found = ends->find(partition);
  if (found == ends->end()) {
    return absl::NotFoundError(absl::StrCat("the log has no partition ", ToString(partition)));
  }
  return found->second;
}

int32_t PartitionForKey(std::string_view key, int32_t partitions) {
  // Utils.toPositive: mask the sign bit, as the Java producer does.
  return static_cast<int32_t>(static_cast<uint32_t>(internal::Murmur2(key)) & 0x7fffffffU) %
         partitions;
}

}  // namespace stem::eventlog
