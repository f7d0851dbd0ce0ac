// The contract on appending and reading: order, positions, restarts, atomicity, topics.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/eventlog/testing/log_contract.h"

namespace stem::eventlog::testing {
namespace internal {
void LinkReadContractTests() {}
}  // namespace internal

namespace {

// "<key>#<n>": the n-th record of its key, so order and uniqueness can be read off values.
std::string ValueOf(const std::string& key, int n) { return absl::StrCat(key, "#", n); }

// Per key, the values in the order records arrived.
std::map<std::string, std::vector<std::string>> ByKey(const std::vector<Record>& records) {
  std::map<std::string, std::vector<std::string>> by_key;
  for (const Record& record : records) by_key[record.key].push_back(record.value);
  return by_key;
}

// Offsets grow along every partition in delivery order (no going back, no duplicates).
void ExpectOffsetsGrowPerPartition(const std::vector<Record>& records) {
  std::map<TopicPartition, int64_t> last;
  for (const Record& record : records) {
    auto previous = last.find(record.topic_partition);
    if (previous != last.end()) {
      EXPECT_GT(record.offset, previous->second) << ToString(record.topic_partition);
    }
    last[record.topic_partition] = record.offset;
  }
}

TEST_P(LogContractTest, RecordsOfAKeyComeBackInAppendOrderFromTheKeysPartition) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  constexpr int32_t kPartitions = 4;
  std::string topic = CreateTopic(*log, "order", kPartitions);
  ASSERT_FALSE(topic.empty());

  // 12 keys, 8 records each, interleaved, in calls of 5 records that mix keys and partitions.
  std::vector<OutgoingRecord> all;
  for (int n = 0; n < 8; ++n) {
    for (int k = 0; k < 12; ++k) {
      std::string key = absl::StrCat("academy-", k);
      all.push_back({topic, key, ValueOf(key, n)});
    }
  }
  std::map<std::string, RecordPosition> appended_at;  // By value.
  for (size_t i = 0; i < all.size(); i += 5) {
    std::vector<OutgoingRecord> call(
        all.begin() + static_cast<std::ptrdiff_t>(i),
        all.begin() + static_cast<std::ptrdiff_t>(std::min(i + 5, all.size())));
    std::vector<RecordPosition> positions = AppendOk(*log, call);
    ASSERT_EQ(positions.size(), call.size());
    for (size_t r = 0; r < call.size(); ++r) {
      EXPECT_EQ(positions[r].topic_partition.topic, topic);
      EXPECT_EQ(positions[r].topic_partition.partition, PartitionForKey(call[r].key, kPartitions))
          << call[r].key;
      appended_at[call[r].value] = positions[r];
    }
  }

  RecordingListener listener;
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {topic}, &listener);
  ASSERT_NE(subscription, nullptr);
  std::vector<Record> records = PollUntilCount(*subscription, all.size(), /*max_per_poll=*/7);
  ASSERT_EQ(records.size(), all.size());

  std::set<std::string> seen;
  for (const Record& record : records) {
    EXPECT_TRUE(seen.insert(record.value).second) << "delivered twice: " << record.value;
    ASSERT_TRUE(appended_at.contains(record.value)) << "never appended: " << record.value;
    const RecordPosition& position = appended_at[record.value];
    EXPECT_EQ(record.topic_partition, position.topic_partition) << record.value;
    EXPECT_EQ(record.offset, position.offset) << record.value;
    EXPECT_EQ(record.topic_partition.partition, PartitionForKey(record.key, kPartitions));
  }
  ExpectOffsetsGrowPerPartition(records);
  for (const auto& [key, values] : ByKey(records)) {
    std::vector<std::string> expected;
    for (int n = 0; n < 8; ++n) expected.push_back(ValueOf(key, n));
    EXPECT_EQ(values, expected) << key;
  }
  // Full mode: the subscription was given every partition.
  EXPECT_EQ(listener.owned().size(), static_cast<size_t>(kPartitions));
  EXPECT_EQ(subscription->Assignment().size(), static_cast<size_t>(kPartitions));
}

TEST_P(LogContractTest, SubscriptionStartsWhereTheListenerSays) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string topic = CreateTopic(*log, "positions", 3);
  ASSERT_FALSE(topic.empty());
  std::map<TopicPartition, std::vector<RecordPosition>> per_partition;
  std::map<std::string, RecordPosition> appended_at;
  for (int n = 0; n < 30; ++n) {
    std::string key = absl::StrCat("key-", n % 10);
    std::vector<RecordPosition> positions = AppendOk(*log, {{topic, key, ValueOf(key, n)}});
    ASSERT_EQ(positions.size(), 1U);
    per_partition[positions[0].topic_partition].push_back(positions[0]);
    appended_at[ValueOf(key, n)] = positions[0];
  }

  // Every partition but the first from the middle of what it holds; the first is left out
  // of the positions, so it is read from its beginning.
  Positions start;
  for (const auto& [partition, positions] : per_partition) {
    if (partition.partition != 0) start[partition] = positions[positions.size() / 2].offset;
  }
  auto expected = [&](const RecordPosition& position) {
    auto from = start.find(position.topic_partition);
    return from == start.end() || position.offset >= from->second;
  };
  size_t expected_count = 0;
  for (const auto& [value, position] : appended_at) expected_count += expected(position) ? 1 : 0;

  PositionStore store(start);
  RecordingListener listener(&store);
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {topic}, &listener);
  ASSERT_NE(subscription, nullptr);
  std::vector<Record> records = PollUntilCount(*subscription, expected_count);
  for (const Record& record : PollBriefly(*subscription)) records.push_back(record);
  EXPECT_EQ(records.size(), expected_count) << "records before the start were delivered";
  std::set<std::string> seen;
  for (const Record& record : records) {
    EXPECT_TRUE(seen.insert(record.value).second) << "delivered twice: " << record.value;
    EXPECT_TRUE(expected(appended_at[record.value])) << "before its start: " << record.value;
  }
  ExpectOffsetsGrowPerPartition(records);

  // Records appended later arrive too, and the subscription catches up with the end.
  std::vector<std::string> later;
  for (int n = 30; n < 36; ++n) {
    std::string key = absl::StrCat("key-", n % 10);
    ASSERT_EQ(AppendOk(*log, {{topic, key, ValueOf(key, n)}}).size(), 1U);
    later.push_back(ValueOf(key, n));
  }
  std::vector<Record> more = PollUntilCount(*subscription, later.size());
  for (const Record& record : PollUntilCaughtUp(*log, *subscription, topic)) more.push_back(record);
  std::vector<std::string> values;
  for (const Record& record : more) values.push_back(record.value);
  EXPECT_THAT(values, ::testing::UnorderedElementsAreArray(later));
}

TEST_P(LogContractTest, RestartKeepsEverythingAndContinuesOffsets) {
  std::string topic;
  std::map<TopicPartition, std::vector<RecordPosition>> before;
  Positions ends_before;
  {
    std::unique_ptr<EventLog> log = OpenLog();
    ASSERT_NE(log, nullptr);
    topic = CreateTopic(*log, "restart", 3);
    ASSERT_FALSE(topic.empty());
    for (int n = 0; n < 24; ++n) {
      std::string key = absl::StrCat("key-", n % 8);
      std::vector<RecordPosition> positions = AppendOk(*log, {{topic, key, ValueOf(key, n)}});
      ASSERT_EQ(positions.size(), 1U);
      before[positions[0].topic_partition].push_back(positions[0]);
    }
    absl::StatusOr<Positions> ends = log->EndOffsets(topic, Deadline());
    ASSERT_TRUE(ends.ok()) << ends.status();
    ends_before = *ends;
  }

  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  EXPECT_TRUE(log->EnsureTopics({Spec(topic, 3)}).ok());
  absl::StatusOr<int32_t> partitions = log->PartitionCount(topic);
  ASSERT_TRUE(partitions.ok()) << partitions.status();
  EXPECT_EQ(*partitions, 3);
  absl::StatusOr<Positions> ends = log->EndOffsets(topic, Deadline());
  ASSERT_TRUE(ends.ok()) << ends.status();
  EXPECT_EQ(*ends, ends_before);

  // Resume from the second record of every partition, as a restarted reader would.
  Positions start;
  size_t expected_count = 0;
  for (const auto& [partition, positions] : before) {
    start[partition] = positions[std::min<size_t>(1, positions.size() - 1)].offset;
    for (const RecordPosition& position : positions) {
      expected_count += position.offset >= start[partition] ? 1 : 0;
    }
  }
  PositionStore store(start);
  RecordingListener listener(&store);
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {topic}, &listener);
  ASSERT_NE(subscription, nullptr);
  std::vector<Record> records = PollUntilCount(*subscription, expected_count);
  for (const Record& record : PollBriefly(*subscription)) records.push_back(record);
  EXPECT_EQ(records.size(), expected_count);
  for (const Record& record : records) {
    EXPECT_GE(record.offset, start[record.topic_partition]) << record.value;
  }

  // New appends continue after the old records, and the same subscription reads them.
  for (int n = 24; n < 30; ++n) {
    std::string key = absl::StrCat("key-", n % 8);
    std::vector<RecordPosition> positions = AppendOk(*log, {{topic, key, ValueOf(key, n)}});
    ASSERT_EQ(positions.size(), 1U);
    const std::vector<RecordPosition>& old = before[positions[0].topic_partition];
    if (!old.empty()) {
      EXPECT_GT(positions[0].offset, old.back().offset);
    }
  }
  std::vector<Record> more = PollUntilCount(*subscription, 6);
  ASSERT_EQ(more.size(), 6U);
  std::map<std::string, std::vector<std::string>> by_key = ByKey(more);
  for (const auto& [key, values] : by_key) {
    EXPECT_TRUE(std::is_sorted(values.begin(), values.end())) << key;
  }
}

TEST_P(LogContractTest, ACallOnSeveralPartitionsAndTopicsIsVisibleWhenAppendReturns) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string first = CreateTopic(*log, "atomic-a", 6);
  std::string second = CreateTopic(*log, "atomic-b", 2);
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  std::vector<OutgoingRecord> call;
  for (int k = 0; k < 20; ++k) {
    std::string key = absl::StrCat("aggregate-", k);
    call.push_back({k % 4 == 0 ? second : first, key, ValueOf(key, 0)});
  }
  std::vector<RecordPosition> positions = AppendOk(*log, call);
  ASSERT_EQ(positions.size(), call.size());

  std::set<TopicPartition> touched;
  for (const std::string& topic : {first, second}) {
    absl::StatusOr<Positions> ends = log->EndOffsets(topic, Deadline());
    ASSERT_TRUE(ends.ok()) << ends.status();
    for (const RecordPosition& position : positions) {
      if (position.topic_partition.topic != topic) continue;
      touched.insert(position.topic_partition);
      EXPECT_GT((*ends)[position.topic_partition], position.offset);
    }
  }
  EXPECT_GT(touched.size(), 2U) << "the call should span several partitions";

  RecordingListener listener;
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {first, second}, &listener);
  ASSERT_NE(subscription, nullptr);
  std::vector<Record> records = PollUntilCount(*subscription, call.size());
  EXPECT_EQ(records.size(), call.size());
  EXPECT_EQ(listener.owned().size(), 8U);
}

// A command's freshness target (EventLog::RecentEnd): past this process's own appends
// at once, past other writers' records once a reader here has fetched them, and never past
// the strict end of a log nobody writes to.
TEST_P(LogContractTest, TheRecentEndCoversOwnAppendsAndWhatWasRead) {
  std::string topic;
  std::vector<RecordPosition> earlier;
  {
    std::unique_ptr<EventLog> writer = OpenLog();
    ASSERT_NE(writer, nullptr);
    topic = CreateTopic(*writer, "recent-end", 3);
    ASSERT_FALSE(topic.empty());
    earlier = AppendOk(*writer, {{topic, "elsewhere", ValueOf("elsewhere", 0)},
                                 {topic, "elsewhere", ValueOf("elsewhere", 1)}});
    ASSERT_EQ(earlier.size(), 2U);
  }
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::vector<RecordPosition> own = AppendOk(*log, {{topic, "here", ValueOf("here", 0)}});
  ASSERT_EQ(own.size(), 1U);
  absl::StatusOr<int64_t> own_end = log->RecentEnd(own[0].topic_partition, Deadline());
  ASSERT_TRUE(own_end.ok()) << own_end.status();
  EXPECT_GT(*own_end, own[0].offset);

  RecordingListener listener;
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {topic}, &listener);
  ASSERT_NE(subscription, nullptr);
  PollUntilCaughtUp(*log, *subscription, topic);
  absl::StatusOr<Positions> ends = log->EndOffsets(topic, Deadline());
  ASSERT_TRUE(ends.ok()) << ends.status();
  for (const RecordPosition& position : {earlier[1], own[0]}) {
    absl::StatusOr<int64_t> recent = log->RecentEnd(position.topic_partition, Deadline());
    ASSERT_TRUE(recent.ok()) << recent.status();
    EXPECT_GT(*recent, position.offset) << ToString(position.topic_partition);
    EXPECT_LE(*recent, (*ends)[position.topic_partition]) << ToString(position.topic_partition);
  }
  EXPECT_FALSE(log->RecentEnd({topic, 7}, Deadline()).ok()) << "no such partition";
}

TEST_P(LogContractTest, AFailedAppendLeavesNoRecord) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string topic = CreateTopic(*log, "failed", 2);
  ASSERT_FALSE(topic.empty());
  absl::StatusOr<std::vector<RecordPosition>> failed =
      log->Append({{topic, "key", "before the bad record"},
                   {under_test().UniqueName("no-such-topic"), "key", "bad"}},
                  Deadline());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kNotFound) << failed.status();

  // A later record is the first and only one a reader finds.
  ASSERT_EQ(AppendOk(*log, {{topic, "key", "sentinel"}}).size(), 1U);
  RecordingListener listener;
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {topic}, &listener);
  ASSERT_NE(subscription, nullptr);
  std::vector<Record> records = PollUntilCount(*subscription, 1);
  for (const Record& record : PollBriefly(*subscription)) records.push_back(record);
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].value, "sentinel");
}

}  // namespace
}  // namespace stem::eventlog::testing
