// The state an embedded log shares with its subscriptions. Subscriptions hold it by
// shared_ptr, so one that outlives its log finds it closed instead of dangling.
//
// One mutex guards what readers must see as a whole: the topic table, the published ends of
// every partition (a commit publishes all its partitions under it, so a reader's snapshot
// holds all of a commit or none of it) and the consumer groups. Every change bumps `epoch`
// and wakes the pollers waiting on `changed`.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_LOG_CORE_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_LOG_CORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "libs/eventlog/internal/embedded_group_coordinator.h"
#include "libs/eventlog/internal/embedded_partition_file.h"

namespace stem::eventlog::internal {

struct EmbeddedTopic {
  // One file per partition, in partition order; fixed once the topic is in the table.
  std::vector<std::unique_ptr<PartitionFile>> files;
};

using TopicTable = std::map<std::string, EmbeddedTopic, std::less<>>;

struct LogCore {
  void NotifyLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    ++epoch;
    changed.SignalAll();
  }

  absl::Mutex mu;
  absl::CondVar changed;
  uint64_t epoch ABSL_GUARDED_BY(mu) = 0;
  // Set when the log is destroyed; its subscriptions' Poll then fails.
  bool closed ABSL_GUARDED_BY(mu) = false;
  // Entries are only ever added, so PartitionFile pointers stay valid for the core's life.
  TopicTable topics ABSL_GUARDED_BY(mu);
  GroupCoordinator groups ABSL_GUARDED_BY(mu);
  uint64_t next_member_id ABSL_GUARDED_BY(mu) = 1;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_LOG_CORE_H_
