#include "tests/crash/truncated_log.h"

#include <algorithm>
#include <utility>

namespace stem::crash {
namespace {

using eventlog::Positions;

int64_t LimitOf(const Positions& limits, const eventlog::TopicPartition& tp) {
  auto it = limits.find(tp);
  return it == limits.end() ? 0 : it->second;
}

Positions Clamp(Positions positions, const Positions& limits) {
  for (auto& [tp, offset] : positions) offset = std::min(offset, LimitOf(limits, tp));
  return positions;
}

class TruncatedSubscription final : public eventlog::Subscription {
 public:
  TruncatedSubscription(std::unique_ptr<eventlog::Subscription> inner, const Positions& limits)
      : inner_(std::move(inner)), limits_(limits) {}

  absl::StatusOr<std::vector<eventlog::Record>> Poll(absl::Duration timeout,
                                                     size_t max_records) override {
    absl::StatusOr<std::vector<eventlog::Record>> records = inner_->Poll(timeout, max_records);
    if (!records.ok()) return records;
    std::erase_if(*records, [&](const eventlog::Record& record) {
      return record.offset >= LimitOf(limits_, record.topic_partition);
    });
    return records;
  }
  std::vector<eventlog::TopicPartition> Assignment() const override { return inner_->Assignment(); }
  absl::StatusOr<Positions> ReadPositions() const override {
    absl::StatusOr<Positions> positions = inner_->ReadPositions();
    if (!positions.ok()) return positions;
    return Clamp(*std::move(positions), limits_);
  }
  void ReportProgress(const Positions& next_offsets) override {
    inner_->ReportProgress(next_offsets);
  }

 private:
  std::unique_ptr<eventlog::Subscription> inner_;
  const Positions limits_;
};

class TruncatedEventLog final : public eventlog::EventLog {
 public:
  TruncatedEventLog(eventlog::EventLog& inner, Positions limits)
      : inner_(inner), limits_(std::move(limits)) {}

  absl::Status EnsureTopics(const std::vector<eventlog::TopicSpec>&) override {
    return absl::FailedPreconditionError("a truncated log is read-only");
  }
  absl::StatusOr<int32_t> PartitionCount(std::string_view topic) override {
    return inner_.PartitionCount(topic);
  }
  absl::StatusOr<std::vector<eventlog::RecordPosition>> Append(
      std::vector<eventlog::OutgoingRecord>, absl::Time) override {
    return absl::FailedPreconditionError("a truncated log is read-only");
  }
  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) override {
    absl::StatusOr<Positions> ends = inner_.EndOffsets(topic, deadline);
    if (!ends.ok()) return ends;
    return Clamp(*std::move(ends), limits_);
  }
  absl::StatusOr<std::unique_ptr<eventlog::Subscription>> Subscribe(
      const eventlog::SubscriptionOptions& options) override {
    absl::StatusOr<std::unique_ptr<eventlog::Subscription>> inner = inner_.Subscribe(options);
    if (!inner.ok()) return inner;
    return std::make_unique<TruncatedSubscription>(*std::move(inner), limits_);
  }

 private:
  eventlog::EventLog& inner_;
  const Positions limits_;
};

}  // namespace

std::unique_ptr<eventlog::EventLog> TruncatedLog(eventlog::EventLog& inner, Positions limits) {
  return std::make_unique<TruncatedEventLog>(inner, std::move(limits));
}

}  // namespace stem::crash
