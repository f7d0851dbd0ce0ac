// Fixture and helpers of the embedded log's own tests (embedded_*_test.cc).
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_LOG_FIXTURE_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_LOG_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/eventlog/internal/embedded_testing.h"

namespace stem::eventlog::internal {

inline constexpr char kTopic[] = "events";

inline absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

inline TopicSpec Spec(const std::string& name, int32_t partitions) {
  TopicSpec spec;
  spec.name = name;
  spec.partitions = partitions;
  return spec;
}

// Reads every partition from its beginning.
struct FromStart : AssignmentListener {
  absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>&) override {
    return Positions();
  }
  void OnRevoked(const std::vector<TopicPartition>&) override {}
};

inline SubscriptionOptions Options(AssignmentListener* listener, std::string group_id = "") {
  SubscriptionOptions options;
  options.topics = {kTopic};
  options.group_id = std::move(group_id);
  options.listener = listener;
  return options;
}

// Opens the log of a scratch directory, as often as a test likes.
class EmbeddedEventLogTest : public ::testing::Test {
 protected:
  // `log_lines`, when given, collects what the open reports.
  std::unique_ptr<EventLog> Open(std::vector<std::string>* log_lines = nullptr) {
    EmbeddedOptions options{.directory = path(), .sync = true};
    if (log_lines != nullptr) {
      options.log = [log_lines](const std::string& line) { log_lines->push_back(line); };
    } else {
      options.log = [](const std::string& line) { ADD_FAILURE() << "unexpected: " << line; };
    }
    absl::StatusOr<std::unique_ptr<EventLog>> log = OpenEmbeddedEventLog(options);
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? *std::move(log) : nullptr;
  }
  std::string path() const { return directory_.path() + "/log"; }
  std::string PartitionPath(int32_t partition) const {
    return absl::StrCat(path(), "/", kTopic, "/", partition, ".log");
  }

  // Every record of the topic, from the beginning.
  std::vector<Record> ReadEverything(EventLog& log) {
    absl::StatusOr<Positions> ends = log.EndOffsets(kTopic, Deadline());
    EXPECT_TRUE(ends.ok()) << ends.status();
    int64_t total = 0;
    for (const auto& entry : *ends) total += entry.second;
    FromStart listener;
    absl::StatusOr<std::unique_ptr<Subscription>> subscription = log.Subscribe(Options(&listener));
    EXPECT_TRUE(subscription.ok()) << subscription.status();
    std::vector<Record> records;
    while (static_cast<int64_t>(records.size()) < total) {
      absl::StatusOr<std::vector<Record>> batch = (*subscription)->Poll(absl::ZeroDuration(), 1000);
      EXPECT_TRUE(batch.ok() && !batch->empty()) << "published records are readable at once";
      if (!batch.ok() || batch->empty()) break;
      records.insert(records.end(), batch->begin(), batch->end());
    }
    return records;
  }

  TestDirectory directory_;
};

inline std::vector<OutgoingRecord> Call(const std::string& tag, int keys) {
  std::vector<OutgoingRecord> records;
  for (int k = 0; k < keys; ++k) {
    records.push_back({kTopic, absl::StrCat("key-", k), absl::StrCat(tag, "/", k)});
  }
  return records;
}

// Answers OnAssigned from a script: an error, or positions.
struct ScriptedListener : AssignmentListener {
  absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>& partitions) override {
    ++assigned_calls;
    if (!next_error.ok()) return std::exchange(next_error, absl::OkStatus());
    Positions positions;
    for (const TopicPartition& partition : partitions) positions[partition] = position;
    return positions;
  }
  void OnRevoked(const std::vector<TopicPartition>&) override {}
  absl::Status next_error;
  int64_t position = 0;
  int assigned_calls = 0;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_LOG_FIXTURE_H_
