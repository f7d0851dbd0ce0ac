// Appends on Kafka: atomic (one transaction per call, aborted calls invisible), group
// committed under concurrency, exactly once and in key order, and fenced by a successor with
// the same transactional id.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/kafka_event_log.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::eventlog {
namespace {

using ::stem::eventlog::kafka_testing::CaughtUp;
using ::stem::eventlog::kafka_testing::kPatience;
using ::stem::eventlog::kafka_testing::ReaderOptions;
using ::stem::eventlog::kafka_testing::ReadEverything;
using ::stem::eventlog::kafka_testing::RecordingListener;
using ::stem::eventlog::kafka_testing::Spec;
using ::stem::eventlog::kafka_testing::TestKafkaOptions;
using ::stem::eventlog::kafka_testing::UniqueKafkaName;
using ::testing::AnyOf;
using ::testing::HasSubstr;

std::unique_ptr<EventLog> OpenOrDie(const KafkaOptions& options) {
  absl::StatusOr<std::unique_ptr<EventLog>> log = OpenKafkaEventLog(options);
  EXPECT_TRUE(log.ok()) << log.status();
  return log.ok() ? std::move(*log) : nullptr;
}

int64_t Sum(const Positions& positions) {
  int64_t sum = 0;
  for (const auto& [tp, offset] : positions) sum += offset;
  return sum;
}

// A topic whose broker-side max.message.bytes makes it reject the records PoisonRecord makes
// (the client's own limit is much larger, so they do reach the broker).
TopicSpec SmallRecordsOnly(const std::string& name) {
  TopicSpec spec = Spec(name, 1);
  spec.configs["max.message.bytes"] = "2048";
  return spec;
}

OutgoingRecord PoisonRecord(const std::string& small_topic) {
  return {small_topic, "big", std::string(8000, 'x')};
}

// Calls of many records over every partition, every third one poisoned with a record the
// broker rejects (bigger than the small topic's max.message.bytes), so that its transaction
// aborts after its other records were already written. A reader polling all the while must
// never see a record of a poisoned call, and in the end sees every record of the others.
TEST(KafkaTransactionTest, BigMultiPartitionCallsAreAllOrNothingForAConcurrentReader) {
  std::unique_ptr<EventLog> log = OpenOrDie(TestKafkaOptions());
  ASSERT_NE(log, nullptr);
  constexpr int kPartitions = 6;
  constexpr int kCalls = 12;
  constexpr int kRecordsPerCall = 1200;
  const std::string topic = UniqueKafkaName("atomic");
  const std::string small = UniqueKafkaName("atomic-small");
  ASSERT_TRUE(log->EnsureTopics({Spec(topic, kPartitions), SmallRecordsOnly(small)}).ok());

  RecordingListener listener;
  absl::StatusOr<std::unique_ptr<Subscription>> subscription =
      log->Subscribe(ReaderOptions({topic}, &listener));
  ASSERT_TRUE(subscription.ok()) << subscription.status();

  std::atomic<bool> writer_done = false;
  std::atomic<int> poisoned_seen = 0;
  std::vector<Record> read;
  Positions final_ends;
  std::thread reader([&] {
    const absl::Time give_up = absl::Now() + 3 * kPatience;
    bool have_final_ends = false;
    while (absl::Now() < give_up) {
      // The ends are taken only after the writer is done, so reaching them means reading
      // everything it wrote.
      if (!have_final_ends && writer_done) {
        absl::StatusOr<Positions> ends = log->EndOffsets(topic, absl::Now() + kPatience);
        if (!ends.ok()) {
          ADD_FAILURE() << ends.status();
          return;
        }
        final_ends = *ends;
        have_final_ends = true;
      }
      if (have_final_ends && CaughtUp(**subscription, final_ends)) return;
      RecordingListener::PollScope scope(listener);
      absl::StatusOr<std::vector<Record>> batch =
          (*subscription)->Poll(absl::Milliseconds(100), 1000);
      if (!batch.ok()) {
        ADD_FAILURE() << batch.status();
        return;
      }
      for (Record& record : *batch) {
        if (absl::StartsWith(record.value, "poisoned")) ++poisoned_seen;
        read.push_back(std::move(record));
      }
    }
    ADD_FAILURE() << "the reader did not catch up";
  });

  std::map<std::string, RecordPosition> acknowledged;  // value -> position
  int aborted_calls = 0;
  for (int call = 0; call < kCalls; ++call) {
    const bool poisoned = call % 3 == 1;
    const std::string tag = absl::StrCat(poisoned ? "poisoned-" : "ok-", call);
    std::vector<OutgoingRecord> records;
    for (int i = 0; i < kRecordsPerCall; ++i) {
      records.push_back({topic, absl::StrCat("key-", i), absl::StrCat(tag, "-", i)});
    }
    if (poisoned) records.push_back(PoisonRecord(small));
    absl::StatusOr<std::vector<RecordPosition>> positions =
        log->Append(records, absl::Now() + kPatience);
    if (poisoned) {
      EXPECT_EQ(positions.status().code(), absl::StatusCode::kInvalidArgument)
          << positions.status();
      ++aborted_calls;
      continue;
    }
    if (!positions.ok()) {
      // Not ASSERT: the reader thread must still be told to finish and be joined.
      ADD_FAILURE() << positions.status();
      continue;
    }
    for (size_t i = 0; i < records.size(); ++i) acknowledged[records[i].value] = (*positions)[i];
  }
  writer_done = true;
  reader.join();

  EXPECT_EQ(poisoned_seen, 0);
  std::map<std::string, int> seen;
  for (const Record& record : read) {
    ++seen[record.value];
    auto it = acknowledged.find(record.value);
    if (it == acknowledged.end()) continue;
    EXPECT_EQ(record.topic_partition, it->second.topic_partition) << record.value;
    EXPECT_EQ(record.offset, it->second.offset) << record.value;
  }
  for (const auto& [value, position] : acknowledged) {
    EXPECT_EQ(seen[value], 1) << value;
  }
  EXPECT_EQ(read.size(), acknowledged.size());
  // The aborted calls' records were written to the partitions, not just dropped by the
  // client: the offsets hidden from the reader exceed what transaction markers (at most one
  // per call and partition) can account for.
  const int64_t hidden = Sum(final_ends) - static_cast<int64_t>(read.size());
  EXPECT_GT(hidden, kCalls * kPartitions);
  EXPECT_EQ(aborted_calls, kCalls / 3);
}

// Group commit puts concurrent calls in one transaction; a call with a record the broker
// rejects must fail alone, while the calls that shared its transaction are committed in
// another one.
TEST(KafkaTransactionTest, ARejectedCallDoesNotFailTheCallsItWasGroupedWith) {
  std::unique_ptr<EventLog> log = OpenOrDie(TestKafkaOptions());
  ASSERT_NE(log, nullptr);
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 25;
  const std::string topic = UniqueKafkaName("isolation");
  const std::string small = UniqueKafkaName("isolation-small");
  ASSERT_TRUE(log->EnsureTopics({Spec(topic, 3), SmallRecordsOnly(small)}).ok());

  std::mutex mu;
  std::set<std::string> acknowledged;
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int call = 0; call < kCallsPerThread; ++call) {
        // Thread 0 poisons every call of its own; the others never do.
        const bool poisoned = t == 0;
        std::vector<OutgoingRecord> records = {
            {topic, absl::StrCat("key-", call),
             absl::StrCat(poisoned ? "poisoned-" : "ok-", t, "-", call)}};
        if (poisoned) records.push_back(PoisonRecord(small));
        absl::StatusOr<std::vector<RecordPosition>> positions =
            log->Append(records, absl::Now() + kPatience);
        if (poisoned) {
          EXPECT_EQ(positions.status().code(), absl::StatusCode::kInvalidArgument)
              << positions.status();
          continue;
        }
        EXPECT_TRUE(positions.ok()) << positions.status();
        std::lock_guard<std::mutex> lock(mu);
        if (positions.ok()) acknowledged.insert(records[0].value);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(acknowledged.size(), size_t{(kThreads - 1) * kCallsPerThread});

  std::set<std::string> seen;
  for (const Record& record : ReadEverything(*log, topic)) {
    EXPECT_TRUE(seen.insert(record.value).second) << "read twice: " << record.value;
  }
  EXPECT_EQ(seen, acknowledged);
}

// Many threads append at once; each acknowledged record is read exactly once, at the
// position Append returned, each thread's records per key in the order it appended them,
// and calls share transactions (fewer transactions than calls).
TEST(KafkaTransactionTest, ConcurrentAppendsAreGroupCommittedAndReadExactlyOnceInKeyOrder) {
  std::unique_ptr<EventLog> log = OpenOrDie(TestKafkaOptions());
  ASSERT_NE(log, nullptr);
  constexpr int kPartitions = 4;
  constexpr int kThreads = 16;
  constexpr int kCallsPerThread = 40;
  const std::string topic = UniqueKafkaName("group-commit");
  ASSERT_TRUE(log->EnsureTopics({Spec(topic, kPartitions)}).ok());

  std::mutex mu;
  std::map<std::string, RecordPosition> acknowledged;
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int call = 0; call < kCallsPerThread; ++call) {
        std::vector<OutgoingRecord> records;
        for (const char* key : {"a", "b", "a"}) {
          records.push_back({topic, absl::StrCat("t", t, "-", key),
                             absl::StrCat("t", t, "-", key, "-", call, "-", records.size())});
        }
        absl::StatusOr<std::vector<RecordPosition>> positions =
            log->Append(records, absl::Now() + kPatience);
        ASSERT_TRUE(positions.ok()) << positions.status();
        std::lock_guard<std::mutex> lock(mu);
        for (size_t i = 0; i < records.size(); ++i) {
          acknowledged[records[i].value] = (*positions)[i];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(acknowledged.size(), size_t{kThreads * kCallsPerThread * 3});

  std::vector<Record> read = ReadEverything(*log, topic);
  std::map<std::string, int> seen;
  std::map<std::string, std::vector<std::string>> by_key;
  std::map<TopicPartition, int64_t> records_per_partition;
  for (const Record& record : read) {
    ++seen[record.value];
    ++records_per_partition[record.topic_partition];
    by_key[record.key].push_back(record.value);
    auto it = acknowledged.find(record.value);
    ASSERT_NE(it, acknowledged.end()) << record.value;
    EXPECT_EQ(record.topic_partition, it->second.topic_partition);
    EXPECT_EQ(record.offset, it->second.offset);
  }
  for (const auto& [value, position] : acknowledged) EXPECT_EQ(seen[value], 1) << value;
  EXPECT_EQ(read.size(), acknowledged.size());

  // Per key, the order read is the order appended ("t3-a-<call>-<index>").
  for (const auto& [key, values] : by_key) {
    std::vector<std::pair<int, int>> order;
    for (const std::string& value : values) {
      std::vector<std::string> parts = absl::StrSplit(value, '-');
      ASSERT_EQ(parts.size(), 4u) << value;
      order.emplace_back(std::stoi(parts[2]), std::stoi(parts[3]));
    }
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end())) << key;
  }

  // Every transaction leaves one commit marker in each partition it wrote to, so the
  // offsets not taken by records count (transaction, partition) pairs. One transaction per
  // call would leave at least one marker per call.
  absl::StatusOr<Positions> ends = log->EndOffsets(topic, absl::Now() + kPatience);
  ASSERT_TRUE(ends.ok()) << ends.status();
  int64_t markers = 0;
  for (const auto& [tp, end] : *ends) markers += end - records_per_partition[tp];
  EXPECT_LT(markers, kThreads * kCallsPerThread) << "no call shared a transaction";
}

// A second log with the same transactional id fences the first: the first's next Append
// fails and none of its records become visible, it refuses appends from then on, and the
// second appends normally.
TEST(KafkaTransactionTest, SameTransactionalIdFencesThePredecessor) {
  KafkaOptions options = TestKafkaOptions();
  options.transactional_id = UniqueKafkaName("fenced-tid");
  std::unique_ptr<EventLog> first = OpenOrDie(options);
  ASSERT_NE(first, nullptr);
  const std::string topic = UniqueKafkaName("fencing");
  ASSERT_TRUE(first->EnsureTopics({Spec(topic, 2)}).ok());
  ASSERT_TRUE(first->Append({{topic, "k1", "before"}}, absl::Now() + kPatience).ok());

  std::unique_ptr<EventLog> second = OpenOrDie(options);
  ASSERT_NE(second, nullptr);

  absl::StatusOr<std::vector<RecordPosition>> fenced = first->Append(
      {{topic, "k1", "fenced-1"}, {topic, "k2", "fenced-2"}}, absl::Now() + kPatience);
  EXPECT_THAT(fenced.status().code(),
              AnyOf(absl::StatusCode::kAborted, absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(fenced.status().message(), HasSubstr("fenced"));
  absl::StatusOr<std::vector<RecordPosition>> refused =
      first->Append({{topic, "k1", "refused"}}, absl::Now() + kPatience);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();

  ASSERT_TRUE(second->Append({{topic, "k1", "after"}}, absl::Now() + kPatience).ok());
  std::set<std::string> values;
  for (const Record& record : ReadEverything(*second, topic)) values.insert(record.value);
  EXPECT_EQ(values, (std::set<std::string>{"before", "after"}));
}

}  // namespace
}  // namespace stem::eventlog
