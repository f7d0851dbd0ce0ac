#include "services/audit/bounded_log.h"

#include <algorithm>

namespace stem::audit {
namespace {

class BoundedSubscription final : public eventlog::Subscription {
 public:
  BoundedSubscription(std::unique_ptr<eventlog::Subscription> inner,
                      const eventlog::Positions& ends)
      : inner_(std::move(inner)), ends_(ends) {}

  absl::StatusOr<std::vector<eventlog::Record>> Poll(absl::Duration timeout,
                                                     size_t max_records) override {
    auto records = inner_->Poll(timeout, max_records);
    if (!records.ok()) return records.status();
    std::erase_if(*records, [&](const eventlog::Record& record) {
      return record.offset >= EndOf(record.topic_partition);
    });
    return records;
  }
  std::vector<eventlog::TopicPartition> Assignment() const override { return inner_->Assignment(); }
  // Never past the end: the view's reader is caught up when it reaches the end.
  absl::StatusOr<eventlog::Positions> ReadPositions() const override {
    auto positions = inner_->ReadPositions();
    if (!positions.ok()) return positions.status();
    for (auto& [partition, offset] : *positions) offset = std::min(offset, EndOf(partition));
    return positions;
  }
  void ReportProgress(const eventlog::Positions& /*next_offsets*/) override {}

 private:
  int64_t EndOf(const eventlog::TopicPartition& partition) const {
    auto end = ends_.find(partition);
    return end == ends_.end() ? 0 : end->second;
  }

  std::unique_ptr<eventlog::Subscription> inner_;
  const eventlog::Positions& ends_;
};

}  // namespace

absl::Status BoundedLog::EnsureTopics(const std::vector<eventlog::TopicSpec>& /*topics*/) {
  return absl::OkStatus();  // the view creates nothing; its topics exist or read as empty
}

absl::StatusOr<int32_t> BoundedLog::PartitionCount(std::string_view topic) {
  return log_.PartitionCount(topic);
}

absl::StatusOr<std::vector<eventlog::RecordPosition>> BoundedLog::Append(
    std::vector<eventlog::OutgoingRecord> /*records*/, absl::Time /*deadline*/) {
  return absl::FailedPreconditionError("a view of the log as it stood is read-only");
}

absl::StatusOr<eventlog::Positions> BoundedLog::EndOffsets(std::string_view topic,
                                                           absl::Time deadline) {
  auto ends = log_.EndOffsets(topic, deadline);
  if (!ends.ok()) return ends.status();
  for (auto& [partition, end] : *ends) {
    auto bound = ends_.find(partition);
    end = std::min(end, bound == ends_.end() ? 0 : bound->second);
  }
  return ends;
}

absl::StatusOr<std::unique_ptr<eventlog::Subscription>> BoundedLog::Subscribe(
    const eventlog::SubscriptionOptions& options) {
  auto inner = log_.Subscribe(options);
  if (!inner.ok()) return inner.status();
  return std::unique_ptr<eventlog::Subscription>(
      std::make_unique<BoundedSubscription>(std::move(*inner), ends_));
}

}  // namespace stem::audit
