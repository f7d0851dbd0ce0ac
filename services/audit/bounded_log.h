// A read-only view of a log that ends at given positions: what a projection would have read
// had it stopped there. A service runtime over it answers queries as the suite answered
// them at that point (as_of.h). Appends are refused.
#ifndef STEM_SERVICES_AUDIT_BOUNDED_LOG_H_
#define STEM_SERVICES_AUDIT_BOUNDED_LOG_H_

#include <memory>
#include <string>
#include <vector>

#include "libs/eventlog/event_log.h"

namespace stem::audit {

class BoundedLog final : public eventlog::EventLog {
 public:
  // `log` is not owned and must outlive the view. A partition missing from `ends` reads
  // as empty.
  BoundedLog(eventlog::EventLog& log, eventlog::Positions ends)
      : log_(log), ends_(std::move(ends)) {}

  absl::Status EnsureTopics(const std::vector<eventlog::TopicSpec>& topics) override;
  absl::StatusOr<int32_t> PartitionCount(std::string_view topic) override;
  absl::StatusOr<std::vector<eventlog::RecordPosition>> Append(
      std::vector<eventlog::OutgoingRecord> records, absl::Time deadline) override;
  absl::StatusOr<eventlog::Positions> EndOffsets(std::string_view topic,
                                                 absl::Time deadline) override;
  absl::StatusOr<std::unique_ptr<eventlog::Subscription>> Subscribe(
      const eventlog::SubscriptionOptions& options) override;

 private:
  eventlog::EventLog& log_;
  const eventlog::Positions ends_;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_BOUNDED_LOG_H_
