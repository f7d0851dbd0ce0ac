// Runs a service's projection on its own thread and lets request threads wait for it:
// read-your-writes (wait until the store holds a command's own facts) and freshness (wait
// until the store has caught up with the log's end before deciding).
#ifndef STEM_LIBS_SERVICE_BACKGROUND_PROJECTION_H_
#define STEM_LIBS_SERVICE_BACKGROUND_PROJECTION_H_

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/projection/projection_runner.h"
#include "libs/service/projection_metrics.h"

namespace stem::service {

inline constexpr std::string_view kProjectionStopped = "PROJECTION_STOPPED";

class BackgroundProjection {
 public:
  // Starts polling at once. Nothing passed is owned; all must outlive this object.
  static absl::StatusOr<std::unique_ptr<BackgroundProjection>> Start(
      eventlog::EventLog& log, projection::ProjectionStore& store, projection::Projector& projector,
      const projection::RunnerOptions& options, const std::string& name = "unnamed");
  ~BackgroundProjection();

  // Until the store's positions reach `targets` (next offsets). DEADLINE_EXCEEDED when the
  // deadline passes first; UNAVAILABLE / PROJECTION_STOPPED while the projection is stopped.
  absl::Status WaitFor(const eventlog::Positions& targets, absl::Time deadline);

  // Until the store has applied everything the log held in `partitions` when this was
  // called.
  absl::Status WaitForLogEnd(const std::vector<eventlog::TopicPartition>& partitions,
                             absl::Time deadline);

  // Until the store has applied what the log last told this process of `partition`'s end
  // (EventLog::RecentEnd): the freshness of a command, without a broker round trip.
  absl::Status WaitForRecentEnd(const eventlog::TopicPartition& partition, absl::Time deadline);

  // Until the store has caught up with the end of every topic the projector reads (in
  // group mode: of the partitions the group gave it): the readiness of a replica.
  absl::Status WaitForAllTopics(absl::Time deadline);

  // OK while the projection runs; the error that stopped it otherwise, for the operator
  // (it may name files). A projection stops on a failure of the system - the store refuses
  // a write (a full disk), the log cannot be read - never on a fact; it then tries again
  // with backoff, the store asked to take writes again, and runs on by itself once it can.
  absl::Status Health() const;
  // The store's next offset in `partition` after the last poll (0 before any).
  int64_t PositionOf(const eventlog::TopicPartition& partition) const;
  // The topics its projector reads.
  const std::vector<std::string>& topics() const { return topics_; }
  // What a caller is told: OK while the projection runs, UNAVAILABLE / PROJECTION_STOPPED
  // (without the inner error's text) while it is stopped.
  absl::Status Usable() const;

 private:
  BackgroundProjection(eventlog::EventLog& log, projection::ProjectionStore& store,
                       std::vector<std::string> topics,
                       std::unique_ptr<projection::ProjectionRunner> runner, bool group_member,
                       const std::string& name);
  void Run();
  bool Reached(const eventlog::Positions& targets) const;  // requires mutex_
  absl::Status StoppedError() const;                       // requires mutex_

  eventlog::EventLog& log_;
  projection::ProjectionStore& store_;
  const std::vector<std::string> topics_;
  std::unique_ptr<projection::ProjectionRunner> runner_;
  // Written by the projection's thread only.
  ProjectionMetrics metrics_;

  mutable std::mutex mutex_;
  std::condition_variable progressed_;
  eventlog::Positions positions_;
  // In group mode, what the group gave this member at the last poll; it waits for nothing
  // else (an idle member, with no partition, is caught up). Unknown until the first poll
  // has returned: a member that has not yet been given its partitions is not caught up.
  const bool group_member_;
  std::optional<std::vector<eventlog::TopicPartition>> assignment_;
  absl::Status stopped_with_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_BACKGROUND_PROJECTION_H_
