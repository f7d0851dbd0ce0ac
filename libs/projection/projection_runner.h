// Feeds a projector from the log and commits state with positions (projection_store.h).
//
// Invariant: every batch is committed before the next Poll. Hence the subscription never
// holds a record that is neither committed nor about to be committed by the PollOnce that
// got it, so a revoked partition needs no flush (OnRevoked does nothing), and the runner's
// position of a partition is always the store's.
//
// Per record: parse the EventEnvelope, skip it if its event id was applied already (a record
// the producer wrote twice, e.g. a retry after a lost ack), else upcast it and hand it to the
// projector, and mark its id applied. A record that cannot be parsed, upcast or applied is
// set aside (quarantine.h): what it wrote is rolled back, the store records it with its
// position and reason, and the runner goes on - a fact nobody can apply never stops the
// suite (rulebook section 9). The batch's next offsets are last offset + 1 per partition,
// duplicates included; a partition without a record in the poll gets the subscription's
// read position when that moved on (past offsets that hold no record: Kafka's transaction
// markers; see CatchUpTo).
//
// An error of the system rather than the fact (projector.h: IsFactError; a read of the store
// beneath the batch, Batch::ReadFault; a failed commit) leaves records consumed but not
// committed and stops the runner for good: every later call
// returns the same error, because polling on would skip those records. A human must look; a
// restarted process resumes from the store. An error of Poll itself is returned, and the
// next PollOnce subscribes afresh from the store's positions (whatever the failed Poll
// consumed is read again).
//
// Not thread-safe: one thread calls PollOnce / CatchUp / CatchUpTo.
#ifndef STEM_LIBS_PROJECTION_PROJECTION_RUNNER_H_
#define STEM_LIBS_PROJECTION_PROJECTION_RUNNER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  // Records per Poll, and so per committed batch, at most. Must be > 0.
  size_t max_batch = 500;
  // Optional; events of older schema versions are upcast before the projector sees them.
  const events::UpcasterRegistry* upcasters = nullptr;
  // Optional: apply nothing at or past these offsets (a partition left out: nothing of
  // it). For replays that must stop exactly where a live projection, or the inputs of a
  // recorded decision, stood.
  std::optional<eventlog::Positions> stop_at;
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
  // position just after a command's own events, for read-your-writes). Targets of
  // partitions this runner does not read are ignored: without a group_id those of other
  // topics than the projector's; with one, also those the group gave to other members
  // (judged by the assignment at each check, so call it once the runner has polled its
  // assignment). DEADLINE_EXCEEDED when `deadline` passes first.
  //
  // Offsets may have gaps (Kafka's transaction markers): after a poll that brings no record
  // of a partition, its stored position moves up to where the subscription will read next
  // (Subscription::ReadPositions), so that a target just past a marker is reached too.
  virtual absl::Status CatchUpTo(const eventlog::Positions& targets, absl::Time deadline) = 0;

  // Polls until every partition this runner reads reaches the log's end offsets as of this
  // call (CatchUpTo with those).
  virtual absl::Status CatchUp(absl::Time deadline) = 0;

  virtual std::vector<eventlog::TopicPartition> Assignment() const = 0;

  // After PollOnce failed for the system's reasons (the store or the log; a fact never
  // fails it): forgets the failure and the subscription, and asks the store to take writes
  // again (ProjectionStore::Resume), so that the next PollOnce reads on from what the store
  // holds, as a restarted process would. The store's error when it still refuses writes.
  virtual absl::Status Restart() = 0;
};

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_PROJECTION_RUNNER_H_
