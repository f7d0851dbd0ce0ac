#include "tests/crash/truncated_log.h"

#include <algorithm>
#include <utility>

#include "libs/eventlog/testing/forwarding_log.h"

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

class TruncatedSubscription final : public eventlog::testing::ForwardingSubscription {
 public:
  TruncatedSubscription(std::unique_ptr<eventlog::Subscription> inner, const Positions& limits)
      : ForwardingSubscription(std::move(inner)), limits_(limits) {}

  absl::StatusOr<std::vector<eventlog::Record>> Poll(absl::Duration timeout,
                                                     size_t max_records) override {
    absl::StatusOr<std::vector<eventlog::Record>> records =
        ForwardingSubscription::Poll(timeout, max_records);
    if (!records.ok()) return records;
    std::erase_if(*records, [&](const eventlog::Record& record) {
      return record.offset >= LimitOf(limits_, record.topic_partition);
    });
    return records;
  }
  absl::StatusOr<Positions> ReadPositions() const override {
    absl::StatusOr<Positions> positions = ForwardingSubscription::ReadPositions();
    if (!positions.ok()) return positions;
    return Clamp(*std::move(positions), limits_);
  }

 private:
  const Positions limits_;
};

class TruncatedEventLog final : public eventlog::testing::ForwardingLog {
 public:
  TruncatedEventLog(eventlog::EventLog& inner, Positions limits)
      : ForwardingLog(inner), limits_(std::move(limits)) {}

  absl::Status EnsureTopics(const std::vector<eventlog::TopicSpec>&) override {
    return absl::FailedPreconditionError("a truncated log is read-only");
  }
  absl::StatusOr<std::vector<eventlog::RecordPosition>> Append(
      std::vector<eventlog::OutgoingRecord>, absl::Time) override {
    return absl::FailedPreconditionError("a truncated log is read-only");
  }
  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) override {
    absl::StatusOr<Positions> ends = ForwardingLog::EndOffsets(topic, deadline);
    if (!ends.ok()) return ends;
    return Clamp(*std::move(ends), limits_);
  }
  absl::StatusOr<std::unique_ptr<eventlog::Subscription>> Subscribe(
      const eventlog::SubscriptionOptions& options) override {
    absl::StatusOr<std::unique_ptr<eventlog::Subscription>> inner =
        ForwardingLog::Subscribe(options);
    if (!inner.ok()) return inner;
    return std::make_unique<TruncatedSubscription>(*std::move(inner), limits_);
  }

 private:
  const Positions limits_;
};

}  // namespace

std::unique_ptr<eventlog::EventLog> TruncatedLog(eventlog::EventLog& inner, Positions limits) {
  return std::make_unique<TruncatedEventLog>(inner, std::move(limits));
}

}  // namespace stem::crash
