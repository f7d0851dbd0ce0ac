#include "libs/projection/projection_runner.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/projection/quarantine.h"

namespace stem::projection {
namespace {

using eventlog::Positions;
using eventlog::Record;
using eventlog::TopicPartition;

// Long enough not to spin, short enough to see a passing deadline or a new target soon.
constexpr absl::Duration kCatchUpPollWait = absl::Milliseconds(100);
// How long the check at start waits for the log's end offsets.
constexpr absl::Duration kStartCheckTimeout = absl::Seconds(30);
constexpr absl::Duration kStartCheckRetry = absl::Milliseconds(200);
constexpr std::string_view kStoreAheadOfLog = "STORE_AHEAD_OF_LOG";

std::string Where(const Record& record) {
  return absl::StrCat(eventlog::ToString(record.topic_partition), " offset ", record.offset);
}

absl::Status WithContext(const absl::Status& status, std::string_view context) {
  return absl::Status(status.code(), absl::StrCat(ToAbsl(context), ": ", status.message()));
}

int64_t PositionOr0(const Positions& positions, const TopicPartition& tp) {
  auto it = positions.find(tp);
  return it == positions.end() ? 0 : it->second;
}

class Runner final : public ProjectionRunner, public eventlog::AssignmentListener {
 public:
  Runner(eventlog::EventLog& log, ProjectionStore& store, Projector& projector,
         const RunnerOptions& options)
      : log_(log), store_(store), projector_(projector), options_(options) {
    std::vector<std::string> topics = projector_.Topics();
    topics_.insert(topics.begin(), topics.end());
  }

  // (Re)subscribes; the subscription starts where the store stands (OnAssigned).
  absl::Status Subscribe() {
    subscription_.reset();
    absl::StatusOr<Positions> stored = store_.StoredPositions();
    if (!stored.ok()) return stored.status();
    stored_ = *std::move(stored);
    eventlog::SubscriptionOptions subscription;
    subscription.topics.assign(topics_.begin(), topics_.end());
    subscription.group_id = options_.group_id;
    subscription.group_instance_id = options_.group_instance_id;
    subscription.listener = this;
    absl::StatusOr<std::unique_ptr<eventlog::Subscription>> subscribed =
        log_.Subscribe(subscription);
    if (!subscribed.ok()) return subscribed.status();
    subscription_ = *std::move(subscribed);
    return absl::OkStatus();
  }

  absl::StatusOr<size_t> PollOnce(absl::Duration timeout) override {
    if (!failed_.ok()) return failed_;
    if (subscription_ == nullptr) {
      if (absl::Status status = Subscribe(); !status.ok()) return status;
    }
    absl::StatusOr<std::vector<Record>> records = subscription_->Poll(timeout, options_.max_batch);
    if (!records.ok()) {
      // The contract does not say whether a failed Poll consumed records. A new
      // subscription (next PollOnce) starts again from the store, so none is skipped.
      subscription_.reset();
      return records.status();
    }

    std::unique_ptr<Batch> batch = store_.BeginBatch();
    Positions next;
    size_t applied = 0;
    for (const Record& record : *records) {
      const TopicPartition& tp = record.topic_partition;
      // Offsets below the stored position were applied and committed already; the log
      // should not deliver them again, but if it does they must not count twice.
      auto in_batch = next.find(tp);
      const int64_t floor = in_batch != next.end() ? in_batch->second : PositionOr0(stored_, tp);
      if (record.offset < floor || record.offset >= Limit(tp)) continue;
      next[tp] = record.offset + 1;
      absl::StatusOr<bool> did_apply = ApplyOne(record, *batch);
      if (!did_apply.ok()) return Fail(did_apply.status());
      if (*did_apply) ++applied;
    }
    AdvancePastGaps(next);
    // Every entry of `next` is beyond the stored position (records below it are skipped).
    if (next.empty()) return applied;

    if (absl::Status status = store_.Commit(std::move(batch), next); !status.ok()) {
      return Fail(WithContext(status, "committing a projection batch"));
    }
    for (const auto& [tp, offset] : next) stored_[tp] = offset;
    subscription_->ReportProgress(next);
    return applied;
  }

  absl::Status CatchUpTo(const Positions& targets, absl::Time deadline) override {
    while (true) {
      if (!failed_.ok()) return failed_;
      std::optional<std::string> lagging = FirstLagging(targets);
      if (!lagging.has_value()) return absl::OkStatus();
      const absl::Time now = absl::Now();
      if (now >= deadline) {
        return absl::DeadlineExceededError(absl::StrCat("projection not caught up: ", *lagging));
      }
      absl::StatusOr<size_t> polled = PollOnce(std::min(deadline - now, kCatchUpPollWait));
      if (!polled.ok()) return polled.status();
    }
  }

  absl::Status CatchUp(absl::Time deadline) override {
    Positions targets;
    for (const std::string& topic : topics_) {
      absl::StatusOr<Positions> ends = log_.EndOffsets(topic, deadline);
      if (!ends.ok()) return WithContext(ends.status(), absl::StrCat("end offsets of ", topic));
      targets.insert(ends->begin(), ends->end());
    }
    return CatchUpTo(targets, deadline);
  }

  absl::Status Restart() override {
    subscription_.reset();
    if (absl::Status resumed = store_.Resume(); !resumed.ok()) return resumed;
    failed_ = absl::OkStatus();
    return absl::OkStatus();
  }

  std::vector<TopicPartition> Assignment() const override {
    return subscription_ != nullptr ? subscription_->Assignment() : std::vector<TopicPartition>{};
  }

  absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>& partitions) override {
    absl::StatusOr<Positions> stored = store_.StoredPositions();
    if (!stored.ok()) return stored.status();
    Positions start;
    for (const TopicPartition& tp : partitions) {
      auto it = stored->find(tp);
      if (it != stored->end()) start.insert(*it);
    }
    return start;
  }

  // Nothing to flush: each batch was committed before the Poll that revokes (see the
  // invariant in projection_runner.h).
  void OnRevoked(const std::vector<TopicPartition>& /*partitions*/) override {}

 private:
  absl::Status Fail(absl::Status status) {
    failed_ = status;
    return status;
  }

  // Whether the record's event was applied (false: a record set aside). Only a fault of the store
  // is an error: a record that cannot be read, upcast or applied is set aside (quarantine.h) with
  // nothing of its own writes, and the runner goes on.
  absl::StatusOr<bool> ApplyOne(const Record& record, Batch& batch) {
    events::v1::EventEnvelope event;
    if (!event.ParseFromString(record.value) || event.event_id().empty()) {
      SetAside(batch, record, nullptr, v1::QUARANTINE_REASON_FACT_UNREADABLE,
               "the record is not an event envelope");
      return false;
    }
    if (options_.upcasters != nullptr) {
      if (absl::Status status = options_.upcasters->Upcast(event); !status.ok()) {
        SetAside(batch, record, &event, v1::QUARANTINE_REASON_SCHEMA_UNKNOWN, DetailOf(status));
        return false;
      }
    }
    batch.SetSavePoint();
    if (absl::Status status = projector_.Apply(event, record, batch); !status.ok()) {
      batch.RollbackToSavePoint();
      if (!batch.ReadFault().ok() || !IsFactError(status)) {
        return WithContext(
            status, absl::StrCat("applying event ", event.event_id(), " at ", Where(record)));
      }
      SetAside(batch, record, &event, v1::QUARANTINE_REASON_NOT_APPLICABLE, DetailOf(status));
      return false;
    }
    batch.PopSavePoint();
    return true;
  }

  // Offsets from here on are not applied (RunnerOptions::stop_at).
  int64_t Limit(const TopicPartition& tp) const {
    if (!options_.stop_at) return std::numeric_limits<int64_t>::max();
    return PositionOr0(*options_.stop_at, tp);
  }

  // The subscription's read position can stand past the last record it returned: past
  // offsets that hold no record (Kafka's transaction markers, aborted transactions), in this
  // poll's fetch or an earlier one. Storing it, for partitions that returned records too,
  // lets the next freshness target (the end, past the marker) be reached at once instead of
  // after an empty poll. Every offset below the read position was delivered and is in this
  // batch or committed (the invariant), so the move is safe. Best effort: when
  // ReadPositions fails the next poll tries again (a log without gaps never needs it).
  void AdvancePastGaps(Positions& next) const {
    absl::StatusOr<Positions> reading = subscription_->ReadPositions();
    if (!reading.ok()) return;
    for (const auto& [tp, offset] : *reading) {
      const int64_t moved = std::min(offset, Limit(tp));
      auto delivered = next.find(tp);
      if (delivered != next.end()) {
        delivered->second = std::max(delivered->second, moved);
      } else if (moved > PositionOr0(stored_, tp)) {
        next[tp] = moved;
      }
    }
  }

  // A description of the first partition this runner reads that is behind its target.
  std::optional<std::string> FirstLagging(const Positions& targets) const {
    std::set<TopicPartition> assigned;
    if (!options_.group_id.empty()) {
      std::vector<TopicPartition> assignment = Assignment();
      assigned.insert(assignment.begin(), assignment.end());
    }
    for (const auto& [tp, target] : targets) {
      const bool reads =
          options_.group_id.empty() ? topics_.count(tp.topic) != 0 : assigned.count(tp) != 0;
      if (!reads) continue;
      const int64_t position = PositionOr0(stored_, tp);
      if (position < target) {
        return absl::StrCat(eventlog::ToString(tp), " at ", position, " of ", target);
      }
    }
    return std::nullopt;
  }

  eventlog::EventLog& log_;
  ProjectionStore& store_;
  Projector& projector_;
  const RunnerOptions options_;
  std::set<std::string> topics_;
  // Null after a failed Poll, until the next PollOnce subscribes again.
  std::unique_ptr<eventlog::Subscription> subscription_;
  // The store's positions as last committed; the runner is their only writer.
  Positions stored_;
  // Set once records were consumed that can no longer be committed.
  absl::Status failed_;
};

// A store that stands past the end of the log applied facts the log no longer holds (its
// log was repaired, replaced or restored from an older copy). Reading on would skip the new
// facts written at those offsets, so the store must be rebuilt instead.
absl::Status CheckStoreWithinLog(eventlog::EventLog& log, ProjectionStore& store,
                                 const std::vector<std::string>& topics) {
  absl::StatusOr<Positions> stored = store.StoredPositions();
  if (!stored.ok()) return stored.status();
  std::set<std::string> read(topics.begin(), topics.end());
  for (const std::string& topic : read) {
    bool stored_any = false;
    for (const auto& [tp, offset] : *stored) stored_any = stored_any || tp.topic == topic;
    if (!stored_any) continue;
    // A broker that has just come back may not answer at once: transient errors are
    // retried within the check's time.
    const absl::Time deadline = absl::Now() + kStartCheckTimeout;
    absl::StatusOr<Positions> ends = log.EndOffsets(topic, deadline);
    while (!ends.ok() && (absl::IsUnavailable(ends.status()) || absl::IsAborted(ends.status())) &&
           absl::Now() + kStartCheckRetry < deadline) {
      absl::SleepFor(kStartCheckRetry);
      ends = log.EndOffsets(topic, deadline);
    }
    if (!ends.ok()) return WithContext(ends.status(), absl::StrCat("end offsets of ", topic));
    for (const auto& [tp, offset] : *stored) {
      if (tp.topic != topic) continue;
      const int64_t end = PositionOr0(*ends, tp);
      if (offset > end) {
        return MakeError(
            absl::StatusCode::kDataLoss, kStoreAheadOfLog,
            absl::StrCat("the projection store has applied ", eventlog::ToString(tp), " up to ",
                         offset, ", but the log ends at ", end,
                         ": facts it applied are gone from the log (a repaired or replaced "
                         "log); rebuild the store from the log (remove it and restart)"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ProjectionRunner>> ProjectionRunner::Create(
    eventlog::EventLog& log, ProjectionStore& store, Projector& projector,
    const RunnerOptions& options) {
  if (options.max_batch == 0) return absl::InvalidArgumentError("max_batch must be > 0");
  if (projector.Topics().empty()) return absl::InvalidArgumentError("projector reads no topic");
  if (absl::Status within = CheckStoreWithinLog(log, store, projector.Topics()); !within.ok()) {
    return within;
  }
  auto runner = std::make_unique<Runner>(log, store, projector, options);
  if (absl::Status status = runner->Subscribe(); !status.ok()) return status;
  return runner;
}

}  // namespace stem::projection
