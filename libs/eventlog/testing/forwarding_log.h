// A log, and a subscription, that hand every call to another one: the base of test logs
// that change one or two things (faults, gaps, a truncated end, a lagging reader) and
// forward the rest. RecentEnd is left at EventLog's default, which derives it from this
// log's own EndOffsets, so that a wrapper that changes the ends changes it too.
#ifndef STEM_LIBS_EVENTLOG_TESTING_FORWARDING_LOG_H_
#define STEM_LIBS_EVENTLOG_TESTING_FORWARDING_LOG_H_

#include <memory>
#include <utility>
#include <vector>

#include "libs/eventlog/event_log.h"

namespace stem::eventlog::testing {

class ForwardingSubscription : public Subscription {
 public:
  explicit ForwardingSubscription(std::unique_ptr<Subscription> inner) : inner_(std::move(inner)) {}

  absl::StatusOr<std::vector<Record>> Poll(absl::Duration timeout, size_t max_records) override {
    return inner_->Poll(timeout, max_records);
  }
  std::vector<TopicPartition> Assignment() const override { return inner_->Assignment(); }
  absl::StatusOr<Positions> ReadPositions() const override { return inner_->ReadPositions(); }
  void ReportProgress(const Positions& next_offsets) override {
    inner_->ReportProgress(next_offsets);
  }

 protected:
  Subscription& inner() const { return *inner_; }

 private:
  std::unique_ptr<Subscription> inner_;
};

class ForwardingLog : public EventLog {
 public:
  explicit ForwardingLog(EventLog& inner) : inner_(inner) {}

  absl::Status EnsureTopics(const std::vector<TopicSpec>& topics) override {
    return inner_.EnsureTopics(topics);
  }
  absl::StatusOr<int32_t> PartitionCount(std::string_view topic) override {
    return inner_.PartitionCount(topic);
  }
  absl::StatusOr<std::vector<RecordPosition>> Append(std::vector<OutgoingRecord> records,
                                                     absl::Time deadline) override {
    return inner_.Append(std::move(records), deadline);
  }
  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) override {
    return inner_.EndOffsets(topic, deadline);
  }
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscriptionOptions& options) override {
    return inner_.Subscribe(options);
  }

 protected:
  EventLog& inner() const { return inner_; }

 private:
  EventLog& inner_;
};

}  // namespace stem::eventlog::testing

#endif  // STEM_LIBS_EVENTLOG_TESTING_FORWARDING_LOG_H_
