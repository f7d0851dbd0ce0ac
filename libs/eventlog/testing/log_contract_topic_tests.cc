// The contract on topics, end offsets and the log being a log (no deduplication).
#include <string>
#include <vector>

#include "libs/eventlog/testing/log_contract.h"

namespace stem::eventlog::testing {
namespace internal {
void LinkTopicContractTests() {}
}  // namespace internal

namespace {

TEST_P(LogContractTest, EnsureTopicsIsIdempotentAndRefusesAnotherPartitionCount) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string topic = under_test().UniqueName("ensure");
  TopicSpec spec = Spec(topic, 3);
  ASSERT_TRUE(log->EnsureTopics({spec}).ok());
  EXPECT_TRUE(log->EnsureTopics({spec}).ok());
  absl::StatusOr<int32_t> partitions = log->PartitionCount(topic);
  ASSERT_TRUE(partitions.ok()) << partitions.status();
  EXPECT_EQ(*partitions, 3);

  absl::Status mismatch = log->EnsureTopics({Spec(topic, 5)});
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kFailedPrecondition) << mismatch;
  partitions = log->PartitionCount(topic);
  ASSERT_TRUE(partitions.ok()) << partitions.status();
  EXPECT_EQ(*partitions, 3);
}

TEST_P(LogContractTest, UnknownTopicIsNotFound) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string unknown = under_test().UniqueName("unknown");
  EXPECT_EQ(log->PartitionCount(unknown).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(log->EndOffsets(unknown, Deadline()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(log->Append({{unknown, "key", "value"}}, Deadline()).status().code(),
            absl::StatusCode::kNotFound);
  RecordingListener listener;
  SubscriptionOptions options;
  options.topics = {unknown};
  options.listener = &listener;
  EXPECT_EQ(log->Subscribe(options).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(LogContractTest, AnEmptyAppendReturnsNoPositions) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  absl::StatusOr<std::vector<RecordPosition>> positions = log->Append({}, Deadline());
  ASSERT_TRUE(positions.ok()) << positions.status();
  EXPECT_TRUE(positions->empty());
}

TEST_P(LogContractTest, EndOffsetsLieBeyondTheLastRecordOfEveryPartition) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string topic = CreateTopic(*log, "ends", 4);
  ASSERT_FALSE(topic.empty());
  absl::StatusOr<Positions> empty = log->EndOffsets(topic, Deadline());
  ASSERT_TRUE(empty.ok()) << empty.status();
  ASSERT_EQ(empty->size(), 4U);
  for (const auto& [partition, end] : *empty) {
    EXPECT_EQ(partition.topic, topic);
    EXPECT_GE(end, 0);
  }

  // One key only: its partition moves, the others stay where they were.
  std::vector<RecordPosition> positions =
      AppendOk(*log, {{topic, "only-key", "1"}, {topic, "only-key", "2"}});
  ASSERT_EQ(positions.size(), 2U);
  EXPECT_GT(positions[1].offset, positions[0].offset);
  absl::StatusOr<Positions> ends = log->EndOffsets(topic, Deadline());
  ASSERT_TRUE(ends.ok()) << ends.status();
  ASSERT_EQ(ends->size(), 4U);
  for (const auto& [partition, end] : *ends) {
    if (partition == positions[1].topic_partition) {
      EXPECT_GT(end, positions[1].offset);
    } else {
      EXPECT_EQ(end, (*empty)[partition]) << ToString(partition);
    }
  }
}

// Appending the same bytes twice (a producer retrying after a lost acknowledgement) gives
// two records: the log is a log. Duplicates are dropped by event id in the projection
// store, not here.
TEST_P(LogContractTest, TheSameBytesAppendedTwiceAreTwoRecords) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string topic = CreateTopic(*log, "twice", 3);
  ASSERT_FALSE(topic.empty());
  OutgoingRecord record{topic, "academy-42", "event-id-7: the same bytes"};
  std::vector<RecordPosition> first = AppendOk(*log, {record});
  std::vector<RecordPosition> second = AppendOk(*log, {record});
  ASSERT_EQ(first.size(), 1U);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(first[0].topic_partition, second[0].topic_partition);
  EXPECT_GT(second[0].offset, first[0].offset);

  RecordingListener listener;
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {topic}, &listener);
  ASSERT_NE(subscription, nullptr);
  std::vector<Record> records = PollUntilCount(*subscription, 2);
  for (const Record& extra : PollBriefly(*subscription)) records.push_back(extra);
  ASSERT_EQ(records.size(), 2U);
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].key, record.key);
    EXPECT_EQ(records[i].value, record.value);
    EXPECT_EQ(records[i].offset, (i == 0 ? first : second)[0].offset);
  }
}

}  // namespace
}  // namespace stem::eventlog::testing
