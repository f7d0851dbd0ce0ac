// What this process knows of each partition's end without asking a broker: past its own
// committed appends, and the high watermarks its consumers' fetches brought back. A
// command waits for it before deciding (EventLog::RecentEnd) instead of a ListOffsets round
// trip per command.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_KNOWN_ENDS_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_KNOWN_ENDS_H_

#include <cstdint>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "libs/eventlog/event_log.h"

namespace stem::eventlog::internal {

// Thread-safe. Ends only move forward: an older report never takes one back.
class KnownEnds {
 public:
  void Note(const TopicPartition& partition, int64_t end) {
    absl::MutexLock lock(&mu_);
    int64_t& known = ends_[partition];
    if (end > known) known = end;
  }

  std::optional<int64_t> Get(const TopicPartition& partition) const {
    absl::MutexLock lock(&mu_);
    auto found = ends_.find(partition);
    if (found == ends_.end()) return std::nullopt;
    return found->second;
  }

 private:
  mutable absl::Mutex mu_;
  Positions ends_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_KNOWN_ENDS_H_
