// Feeds a projector from the log and commits state with positions (projection_store.h).
#ifndef STEM_LIBS_PROJECTION_PROJECTION_RUNNER_H_
#define STEM_LIBS_PROJECTION_PROJECTION_RUNNER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/upcaster.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/projector.h"

namespace stem::projection {

struct RunnerOptions {
  // Empty: read every partition (a full read model). Set: share partitions with the other
  // members of this consumer group.
  std::string group_id;
  std::string group_instance_id;
  // Events applied per committed batch at most.
  size_t max_batch = 500;
  // Optional; events of older schema versions are upcast before the projector sees them.
  const events::UpcasterRegistry* upcasters = nullptr;
};

class ProjectionRunner {
 public:
  // The log, store and projector are not owned and must outlive the runner.
  static absl::StatusOr<std::unique_ptr<ProjectionRunner>> Create(eventlog::EventLog& log,
                                                                  ProjectionStore& store,
                                                                  Projector& projector,
                                                                  const RunnerOptions& options);
  virtual ~ProjectionRunner() = default;

  // Polls once (waiting up to `timeout`), applies what arrived and commits it with its
  // positions. Returns the number of events applied (duplicates of applied event ids are
  // skipped and not counted).
  virtual absl::StatusOr<size_t> PollOnce(absl::Duration timeout) = 0;

  // Polls until the stored positions of the assigned partitions reach `targets` (e.g. the
  // position just after a command's own events, for read-your-writes).
  virtual absl::Status CatchUpTo(const eventlog::Positions& targets, absl::Time deadline) = 0;

  // Polls until every assigned partition reaches the log's end offsets as of this call.
  virtual absl::Status CatchUp(absl::Time deadline) = 0;

  virtual std::vector<eventlog::TopicPartition> Assignment() const = 0;
};

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_PROJECTION_RUNNER_H_
