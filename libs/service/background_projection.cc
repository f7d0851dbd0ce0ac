#include "libs/service/background_projection.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"

namespace stem::service {
namespace {
// How long one poll waits for records: also how long shutdown may take.
constexpr absl::Duration kPollWait = absl::Milliseconds(100);
// After a failure of the system (a full disk, a log out of reach), the projection tries
// again after this long, doubling up to the maximum.
constexpr absl::Duration kFirstRetry = absl::Milliseconds(200);
constexpr absl::Duration kLongestRetry = absl::Seconds(5);
}  // namespace

absl::StatusOr<std::unique_ptr<BackgroundProjection>> BackgroundProjection::Start(
    eventlog::EventLog& log, projection::ProjectionStore& store, projection::Projector& projector,
    const projection::RunnerOptions& options, const std::string& name) {
  auto runner = projection::ProjectionRunner::Create(log, store, projector, options);
  if (!runner.ok()) return runner.status();
  std::unique_ptr<BackgroundProjection> background(new BackgroundProjection(
      log, store, projector.Topics(), std::move(*runner), !options.group_id.empty(), name));
  background->thread_ = std::thread([raw = background.get()] { raw->Run(); });
  return background;
}

BackgroundProjection::BackgroundProjection(eventlog::EventLog& log,
                                           projection::ProjectionStore& store,
                                           std::vector<std::string> topics,
                                           std::unique_ptr<projection::ProjectionRunner> runner,
                                           bool group_member, const std::string& name)
    : log_(log),
      store_(store),
      topics_(std::move(topics)),
      runner_(std::move(runner)),
      metrics_(metrics::ProcessRegistry(), name, log),
      group_member_(group_member) {}

BackgroundProjection::~BackgroundProjection() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void BackgroundProjection::Run() {
  absl::Duration retry = kFirstRetry;
  while (!stopping_) {
    absl::StatusOr<size_t> applied = runner_->PollOnce(kPollWait);
    absl::StatusOr<eventlog::Positions> positions =
        applied.ok() ? store_.StoredPositions() : applied.status();
    if (applied.ok()) metrics_.Applied(*applied);
    if (positions.ok()) metrics_.Progressed(*positions);
    metrics_.Stopped(!positions.ok());
    std::vector<eventlog::TopicPartition> assignment;
    if (group_member_) assignment = runner_->Assignment();
    {
      std::lock_guard lock(mutex_);
      if (applied.ok()) assignment_ = std::move(assignment);
      if (positions.ok()) {
        positions_ = std::move(*positions);
        stopped_with_ = absl::OkStatus();
      } else {
        stopped_with_ = positions.status();
      }
      progressed_.notify_all();
    }
    if (positions.ok()) {
      retry = kFirstRetry;
      continue;
    }
    // Stopped: commands that need this projection are refused meanwhile (Health).
    for (absl::Time until = absl::Now() + retry; !stopping_ && absl::Now() < until;) {
      absl::SleepFor(std::min(kPollWait, until - absl::Now()));
    }
    retry = std::min(retry * 2, kLongestRetry);
    if (absl::Status restarted = runner_->Restart(); !restarted.ok()) {
      std::lock_guard lock(mutex_);
      stopped_with_ = restarted;
    }
  }
}

bool BackgroundProjection::Reached(const eventlog::Positions& targets) const {
  if (group_member_ && !assignment_.has_value()) return false;
  for (const auto& [partition, target] : targets) {
    if (target <= 0) continue;
    if (group_member_ &&
        std::find(assignment_->begin(), assignment_->end(), partition) == assignment_->end()) {
      continue;  // another member's partition
    }
    auto position = positions_.find(partition);
    if (position == positions_.end() || position->second < target) return false;
  }
  return true;
}

absl::Status BackgroundProjection::WaitFor(const eventlog::Positions& targets,
                                           absl::Time deadline) {
  std::unique_lock lock(mutex_);
  while (!Reached(targets)) {
    if (!stopped_with_.ok()) return StoppedError();
    if (absl::Now() >= deadline) {
      std::string behind;
      for (const auto& [partition, target] : targets) {
        auto position = positions_.find(partition);
        absl::StrAppend(&behind, " ", eventlog::ToString(partition), " at ",
                        position == positions_.end() ? 0 : position->second, " of ", target);
      }
      return absl::DeadlineExceededError("the projection has not caught up with the log:" + behind);
    }
    progressed_.wait_until(lock, absl::ToChronoTime(std::min(deadline, absl::Now() + kPollWait)));
  }
  return absl::OkStatus();
}

absl::Status BackgroundProjection::WaitForLogEnd(
    const std::vector<eventlog::TopicPartition>& partitions, absl::Time deadline) {
  eventlog::Positions targets;
  std::map<std::string, eventlog::Positions> ends;
  for (const eventlog::TopicPartition& partition : partitions) {
    if (!ends.count(partition.topic)) {
      auto end = log_.EndOffsets(partition.topic, deadline);
      if (!end.ok()) return end.status();
      ends[partition.topic] = std::move(*end);
    }
    targets[partition] = ends[partition.topic][partition];
  }
  return WaitFor(targets, deadline);
}

absl::Status BackgroundProjection::WaitForRecentEnd(const eventlog::TopicPartition& partition,
                                                    absl::Time deadline) {
  absl::StatusOr<int64_t> end = log_.RecentEnd(partition, deadline);
  if (!end.ok()) return end.status();
  return WaitFor({{partition, *end}}, deadline);
}

absl::Status BackgroundProjection::WaitForAllTopics(absl::Time deadline) {
  eventlog::Positions targets;
  for (const std::string& topic : topics_) {
    auto end = log_.EndOffsets(topic, deadline);
    if (!end.ok()) return end.status();
    targets.insert(end->begin(), end->end());
  }
  return WaitFor(targets, deadline);
}

int64_t BackgroundProjection::PositionOf(const eventlog::TopicPartition& partition) const {
  std::lock_guard lock(mutex_);
  auto position = positions_.find(partition);
  return position == positions_.end() ? 0 : position->second;
}

absl::Status BackgroundProjection::Health() const {
  std::lock_guard lock(mutex_);
  return stopped_with_;
}

absl::Status BackgroundProjection::Usable() const {
  std::lock_guard lock(mutex_);
  return stopped_with_.ok() ? absl::OkStatus() : StoppedError();
}

absl::Status BackgroundProjection::StoppedError() const {
  return MakeError(absl::StatusCode::kUnavailable, kProjectionStopped,
                   absl::StrCat("the projection this needs has stopped (",
                                absl::StatusCodeToString(stopped_with_.code()),
                                ") and retries by itself; nothing was written, try again later"));
}

}  // namespace stem::service
