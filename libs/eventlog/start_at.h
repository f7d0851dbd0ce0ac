// The AssignmentListener of a reader that owns no positions of its own (an audit's replay,
// a fact stream, a test that reads a topic): each partition it is given starts where the
// reader said, or at its beginning.
#ifndef STEM_LIBS_EVENTLOG_START_AT_H_
#define STEM_LIBS_EVENTLOG_START_AT_H_

#include <utility>
#include <vector>

#include "libs/eventlog/event_log.h"

namespace stem::eventlog {

class StartAt final : public AssignmentListener {
 public:
  // Empty: every partition from its beginning.
  explicit StartAt(Positions start = {}) : start_(std::move(start)) {}

  absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>& partitions) override {
    Positions positions;
    for (const TopicPartition& partition : partitions) {
      auto found = start_.find(partition);
      positions[partition] = found == start_.end() ? 0 : found->second;
    }
    return positions;
  }
  void OnRevoked(const std::vector<TopicPartition>& /*partitions*/) override {}

 private:
  const Positions start_;
};

}  // namespace stem::eventlog

#endif  // STEM_LIBS_EVENTLOG_START_AT_H_
