// The contract on several readers and writers: consumer groups, full-mode replicas and
// concurrent appends.
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/eventlog/testing/log_contract.h"

namespace stem::eventlog::testing {
namespace internal {
void LinkGroupContractTests() {}
}  // namespace internal

namespace {

// A group member run the way a projection runs: what it polls it applies, moving the
// group's shared positions.
struct Member {
  explicit Member(const PositionStore* store) : listener(store) {}
  RecordingListener listener;
  std::unique_ptr<Subscription> subscription;
};

// Polls once and applies the records; a record at or after its partition's stored
// position is new, one before it would be a second delivery.
void PollAndApply(Member& member, PositionStore& store, size_t max_records,
                  std::vector<Record>* applied) {
  absl::StatusOr<std::vector<Record>> records =
      member.subscription->Poll(absl::Milliseconds(100), max_records);
  ASSERT_TRUE(records.ok()) << records.status();
  for (Record& record : *records) {
    EXPECT_TRUE(member.listener.owned().contains(record.topic_partition))
        << "a record of " << ToString(record.topic_partition) << " the member does not own";
    EXPECT_GE(record.offset, store.Get(record.topic_partition))
        << "delivered again: " << record.value;
    store.Applied(record);
    applied->push_back(std::move(record));
  }
}

std::vector<OutgoingRecord> Interleaved(const std::string& topic, int keys, int from, int to) {
  std::vector<OutgoingRecord> records;
  for (int n = from; n < to; ++n) {
    for (int k = 0; k < keys; ++k) {
      std::string key = absl::StrCat("school-", k);
      records.push_back({topic, key, absl::StrCat(key, "#", n)});
    }
  }
  return records;
}

std::set<TopicPartition> Union(const std::set<TopicPartition>& a,
                               const std::set<TopicPartition>& b) {
  std::set<TopicPartition> both = a;
  both.insert(b.begin(), b.end());
  return both;
}

TEST_P(LogContractTest, GroupMembersSplitThePartitionsAndHandThemOver) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  constexpr int kKeys = 12;
  std::string topic = CreateTopic(*log, "group", 6);
  ASSERT_FALSE(topic.empty());
  std::string group = under_test().UniqueName("group");
  std::vector<OutgoingRecord> first = Interleaved(topic, kKeys, 0, 5);
  for (size_t i = 0; i < first.size(); i += 4) {
    ASSERT_EQ(AppendOk(*log, {first.begin() + static_cast<std::ptrdiff_t>(i),
                              first.begin() + static_cast<std::ptrdiff_t>(i + 4)})
                  .size(),
              4U);
  }

  PositionStore store;
  std::vector<Record> applied;
  auto a = std::make_unique<Member>(&store);
  auto b = std::make_unique<Member>(&store);
  a->subscription = SubscribeOk(*log, {topic}, &a->listener, group);
  ASSERT_NE(a->subscription, nullptr);
  // Alone in the group, a gets everything.
  for (absl::Time deadline = Deadline();
       a->listener.owned().size() < 6 && absl::Now() < deadline;) {
    ASSERT_NO_FATAL_FAILURE(PollAndApply(*a, store, 100, &applied));
  }
  ASSERT_EQ(a->listener.owned().size(), 6U);
  b->subscription = SubscribeOk(*log, {topic}, &b->listener, group);
  ASSERT_NE(b->subscription, nullptr);

  // Both poll until they share the partitions and all records are applied; at no moment
  // may a partition have two owners.
  bool split = false;
  for (absl::Time deadline = Deadline(); !split && absl::Now() < deadline;) {
    for (Member* member : {b.get(), a.get()}) {  // The newcomer first: it must wait for a.
      ASSERT_NO_FATAL_FAILURE(PollAndApply(*member, store, 100, &applied));
      ASSERT_EQ(Union(a->listener.owned(), b->listener.owned()).size(),
                a->listener.owned().size() + b->listener.owned().size())
          << "a partition is owned by both members";
    }
    std::set<TopicPartition> owned_a = a->listener.owned();
    std::set<TopicPartition> owned_b = b->listener.owned();
    split = !owned_a.empty() && !owned_b.empty() && Union(owned_a, owned_b).size() == 6 &&
            applied.size() >= first.size();
  }
  ASSERT_TRUE(split) << "the members did not come to share the partitions";
  std::vector<TopicPartition> assignment_a = a->subscription->Assignment();
  std::vector<TopicPartition> assignment_b = b->subscription->Assignment();
  EXPECT_EQ(std::set<TopicPartition>(assignment_a.begin(), assignment_a.end()),
            a->listener.owned());
  EXPECT_EQ(std::set<TopicPartition>(assignment_b.begin(), assignment_b.end()),
            b->listener.owned());

  // More records; b applies a few of its own, then leaves with the rest unread.
  std::vector<OutgoingRecord> second = Interleaved(topic, kKeys, 5, 10);
  std::vector<RecordPosition> positions = AppendOk(*log, second);
  ASSERT_EQ(positions.size(), second.size());
  std::set<TopicPartition> owned_by_b = b->listener.owned();
  bool b_has_new_records = false;
  for (const RecordPosition& position : positions) {
    b_has_new_records = b_has_new_records || owned_by_b.contains(position.topic_partition);
  }
  size_t applied_before = applied.size();
  for (absl::Time deadline = Deadline();
       b_has_new_records && applied.size() == applied_before && absl::Now() < deadline;) {
    ASSERT_NO_FATAL_FAILURE(PollAndApply(*b, store, 3, &applied));
  }
  EXPECT_TRUE(!b_has_new_records || applied.size() > applied_before)
      << "b read none of its new records";
  b->subscription.reset();
  b.reset();

  // a takes over b's partitions from the stored positions: each record once, in order.
  size_t total = first.size() + second.size();
  for (absl::Time deadline = Deadline();
       (applied.size() < total || a->listener.owned().size() < 6) && absl::Now() < deadline;) {
    ASSERT_NO_FATAL_FAILURE(PollAndApply(*a, store, 100, &applied));
  }
  EXPECT_EQ(a->listener.owned().size(), 6U);
  for (const TopicPartition& partition : owned_by_b) {
    EXPECT_TRUE(a->listener.owned().contains(partition)) << ToString(partition);
  }
  EXPECT_EQ(a->subscription->Assignment().size(), 6U);
  ASSERT_EQ(applied.size(), total);
  std::map<std::string, std::vector<std::string>> by_key;
  for (const Record& record : applied) by_key[record.key].push_back(record.value);
  for (const auto& [key, values] : by_key) {
    std::vector<std::string> expected;
    for (int n = 0; n < 10; ++n) expected.push_back(absl::StrCat(key, "#", n));
    EXPECT_EQ(values, expected) << key;
  }
}

TEST_P(LogContractTest, SubscriptionsWithoutGroupEachReadEverything) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string topic = CreateTopic(*log, "replicas", 3);
  ASSERT_FALSE(topic.empty());
  std::vector<OutgoingRecord> records = Interleaved(topic, 5, 0, 4);
  ASSERT_EQ(AppendOk(*log, records).size(), records.size());
  RecordingListener first_listener;
  RecordingListener second_listener;
  std::unique_ptr<Subscription> first = SubscribeOk(*log, {topic}, &first_listener);
  std::unique_ptr<Subscription> second = SubscribeOk(*log, {topic}, &second_listener);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(PollUntilCount(*first, records.size()).size(), records.size());
  EXPECT_EQ(PollUntilCount(*second, records.size()).size(), records.size());
  EXPECT_EQ(first_listener.owned().size(), 3U);
  EXPECT_EQ(second_listener.owned().size(), 3U);
}

TEST_P(LogContractTest, ConcurrentAppendsAreEachReadOnceInOrder) {
  std::unique_ptr<EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  std::string topic = CreateTopic(*log, "concurrent", 4);
  ASSERT_FALSE(topic.empty());
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 40;
  // Per thread: value -> position, for every acknowledged record.
  std::vector<std::map<std::string, RecordPosition>> acknowledged(kThreads);
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      int sequence = 0;
      for (int call = 0; call < kCallsPerThread; ++call) {
        std::vector<OutgoingRecord> records;
        for (int r = 0; r <= call % 3; ++r, ++sequence) {
          std::string key = absl::StrCat("writer-", t, "-key-", sequence % 3);
          records.push_back({topic, key, absl::StrCat(key, "#", sequence)});
        }
        absl::StatusOr<std::vector<RecordPosition>> positions = log->Append(records, Deadline());
        EXPECT_TRUE(positions.ok()) << positions.status();
        if (!positions.ok() || positions->size() != records.size()) continue;
        for (size_t r = 0; r < records.size(); ++r) {
          acknowledged[t][records[r].value] = (*positions)[r];
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  std::map<std::string, RecordPosition> all;
  for (const auto& per_thread : acknowledged) all.insert(per_thread.begin(), per_thread.end());

  RecordingListener listener;
  std::unique_ptr<Subscription> subscription = SubscribeOk(*log, {topic}, &listener);
  ASSERT_NE(subscription, nullptr);
  std::vector<Record> records = PollUntilCount(*subscription, all.size());
  for (const Record& record : PollBriefly(*subscription)) records.push_back(record);
  ASSERT_EQ(records.size(), all.size());
  std::set<std::string> seen;
  std::map<std::string, int> last_sequence;  // Per key.
  for (const Record& record : records) {
    EXPECT_TRUE(seen.insert(record.value).second) << "delivered twice: " << record.value;
    ASSERT_TRUE(all.contains(record.value)) << "never acknowledged: " << record.value;
    EXPECT_EQ(record.topic_partition, all[record.value].topic_partition);
    EXPECT_EQ(record.offset, all[record.value].offset);
    int sequence = std::stoi(record.value.substr(record.value.find('#') + 1));
    auto previous = last_sequence.find(record.key);
    if (previous != last_sequence.end()) {
      EXPECT_GT(sequence, previous->second) << record.key;
    }
    last_sequence[record.key] = sequence;
  }
}

}  // namespace
}  // namespace stem::eventlog::testing
