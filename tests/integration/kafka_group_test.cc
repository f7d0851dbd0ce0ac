// Kafka consumer groups: cooperative-sticky rebalances move only the partitions that change
// owner, the listener hears of them from inside Poll, and a static member that restarts gets
// its partitions back without a rebalance.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/kafka_event_log.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::eventlog {
namespace {

using ::stem::eventlog::kafka_testing::kPatience;
using ::stem::eventlog::kafka_testing::ReaderOptions;
using ::stem::eventlog::kafka_testing::RecordingListener;
using ::stem::eventlog::kafka_testing::Spec;
using ::stem::eventlog::kafka_testing::TestKafkaOptions;
using ::stem::eventlog::kafka_testing::UniqueKafkaName;

using PartitionSet = std::set<TopicPartition>;

// Partition sets are compared as text, which gtest prints readably.
std::string Str(const PartitionSet& partitions) {
  std::vector<std::string> names;
  for (const TopicPartition& tp : partitions) names.push_back(ToString(tp));
  return absl::StrCat("{", absl::StrJoin(names, ", "), "}");
}

constexpr int kPartitions = 6;

struct Member {
  RecordingListener listener;
  std::unique_ptr<Subscription> subscription;

  PartitionSet Owned() const {
    std::vector<TopicPartition> assignment = subscription->Assignment();
    return {assignment.begin(), assignment.end()};
  }
  // Every partition the listener was told were revoked, from the `from`-th call on.
  PartitionSet Revoked(size_t from = 0) const {
    PartitionSet result;
    std::vector<std::vector<TopicPartition>> calls = listener.revoked();
    for (size_t i = from; i < calls.size(); ++i) result.insert(calls[i].begin(), calls[i].end());
    return result;
  }
  PartitionSet Assigned(size_t from = 0) const {
    PartitionSet result;
    std::vector<std::vector<TopicPartition>> calls = listener.assigned();
    for (size_t i = from; i < calls.size(); ++i) result.insert(calls[i].begin(), calls[i].end());
    return result;
  }
};

class KafkaGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = TestKafkaOptions();
    absl::StatusOr<std::unique_ptr<EventLog>> log = OpenKafkaEventLog(options_);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    topic_ = UniqueKafkaName("group-topic");
    group_ = UniqueKafkaName("group");
    ASSERT_TRUE(log_->EnsureTopics({Spec(topic_, kPartitions)}).ok());
  }

  std::unique_ptr<Member> Join(const std::string& instance_id = "") {
    auto member = std::make_unique<Member>();
    absl::StatusOr<std::unique_ptr<Subscription>> subscription =
        log_->Subscribe(ReaderOptions({topic_}, &member->listener, group_, instance_id));
    EXPECT_TRUE(subscription.ok()) << subscription.status();
    if (!subscription.ok()) return nullptr;
    member->subscription = std::move(*subscription);
    return member;
  }

  // Polls every member in turn (each Poll is where its rebalances happen) until `done`.
  void PollUntil(const std::vector<Member*>& members, const std::function<bool()>& done) {
    const absl::Time give_up = absl::Now() + kPatience;
    while (!done()) {
      if (absl::Now() > give_up) {
        ADD_FAILURE() << "the group did not settle within " << kPatience;
        return;
      }
      for (Member* member : members) {
        RecordingListener::PollScope scope(member->listener);
        absl::StatusOr<std::vector<Record>> records =
            member->subscription->Poll(absl::Milliseconds(50), 100);
        ASSERT_TRUE(records.ok()) << records.status();
      }
    }
  }

  // True when the members own every partition, each exactly once, in shares that differ by
  // at most one.
  bool Balanced(const std::vector<Member*>& members) const {
    PartitionSet all;
    size_t total = 0;
    size_t smallest = kPartitions;
    size_t largest = 0;
    for (const Member* member : members) {
      PartitionSet owned = member->Owned();
      all.insert(owned.begin(), owned.end());
      total += owned.size();
      smallest = std::min(smallest, owned.size());
      largest = std::max(largest, owned.size());
    }
    return all.size() == kPartitions && total == kPartitions && largest - smallest <= 1;
  }

  KafkaOptions options_;
  std::unique_ptr<EventLog> log_;
  std::string topic_;
  std::string group_;
};

TEST_F(KafkaGroupTest, CooperativeRebalancesMoveOnlyPartitionsThatChangeOwner) {
  std::unique_ptr<Member> a = Join();
  ASSERT_NE(a, nullptr);
  PollUntil({a.get()}, [&] { return a->Owned().size() == kPartitions; });
  ASSERT_EQ(a->Assigned().size(), size_t{kPartitions});

  // B joins: A gives up half, and only that half.
  std::unique_ptr<Member> b = Join();
  ASSERT_NE(b, nullptr);
  PollUntil({a.get(), b.get()}, [&] { return Balanced({a.get(), b.get()}); });
  PartitionSet a_owned = a->Owned();
  PartitionSet b_owned = b->Owned();
  EXPECT_EQ(a_owned.size(), 3u);
  EXPECT_EQ(Str(a->Revoked()), Str(b_owned)) << "A lost partitions it kept (an eager rebalance?)";
  EXPECT_EQ(Str(b->Assigned()), Str(b_owned));
  EXPECT_TRUE(b->Revoked().empty());

  // C joins: A and B each give up what C gets, and keep the rest.
  const size_t a_revocations = a->listener.revoked().size();
  const size_t b_revocations = b->listener.revoked().size();
  const size_t a_assignments = a->listener.assigned().size();
  const size_t b_assignments = b->listener.assigned().size();
  std::unique_ptr<Member> c = Join();
  ASSERT_NE(c, nullptr);
  PollUntil({a.get(), b.get(), c.get()}, [&] { return Balanced({a.get(), b.get(), c.get()}); });
  PartitionSet c_owned = c->Owned();
  EXPECT_EQ(c_owned.size(), 2u);
  PartitionSet moved = a->Revoked(a_revocations);
  PartitionSet b_moved = b->Revoked(b_revocations);
  moved.insert(b_moved.begin(), b_moved.end());
  EXPECT_EQ(Str(moved), Str(c_owned));
  EXPECT_EQ(Str(c->Assigned()), Str(c_owned));
  EXPECT_TRUE(a->Assigned(a_assignments).empty());
  EXPECT_TRUE(b->Assigned(b_assignments).empty());

  // C leaves: A and B take over its partitions without giving up any of theirs.
  const size_t a_revocations_before_leave = a->listener.revoked().size();
  const size_t b_revocations_before_leave = b->listener.revoked().size();
  const size_t a_assignments_before_leave = a->listener.assigned().size();
  const size_t b_assignments_before_leave = b->listener.assigned().size();
  c.reset();
  PollUntil({a.get(), b.get()}, [&] { return Balanced({a.get(), b.get()}); });
  EXPECT_EQ(a->listener.revoked().size(), a_revocations_before_leave);
  EXPECT_EQ(b->listener.revoked().size(), b_revocations_before_leave);
  PartitionSet taken_over = a->Assigned(a_assignments_before_leave);
  PartitionSet b_taken_over = b->Assigned(b_assignments_before_leave);
  taken_over.insert(b_taken_over.begin(), b_taken_over.end());
  EXPECT_EQ(Str(taken_over), Str(c_owned));

  EXPECT_EQ(a->listener.calls_outside_poll(), 0);
  EXPECT_EQ(b->listener.calls_outside_poll(), 0);
}

TEST_F(KafkaGroupTest, RestartedStaticMemberGetsItsPartitionsBackWithoutRebalance) {
  // The restart must happen within the session timeout, or the broker evicts the member and
  // rebalances; give it plenty.
  options_.extra["session.timeout.ms"] = "30000";
  options_.extra["max.poll.interval.ms"] = "60000";
  absl::StatusOr<std::unique_ptr<EventLog>> log = OpenKafkaEventLog(options_);
  ASSERT_TRUE(log.ok()) << log.status();
  log_ = std::move(*log);
  const std::string a_instance = UniqueKafkaName("pod-a");
  const std::string b_instance = UniqueKafkaName("pod-b");

  // B first, so that it leads the group and A's return is a follower's.
  std::unique_ptr<Member> b = Join(b_instance);
  ASSERT_NE(b, nullptr);
  PollUntil({b.get()}, [&] { return b->Owned().size() == kPartitions; });
  std::unique_ptr<Member> a = Join(a_instance);
  ASSERT_NE(a, nullptr);
  PollUntil({a.get(), b.get()}, [&] { return Balanced({a.get(), b.get()}); });
  const PartitionSet a_owned = a->Owned();
  const int b_rebalances = b->listener.rebalances();

  // A static member leaves no group on close; its successor with the same instance id takes
  // its place and its partitions, and B notices nothing.
  a.reset();
  a = Join(a_instance);
  ASSERT_NE(a, nullptr);
  PollUntil({a.get(), b.get()}, [&] { return !a->Owned().empty(); });
  EXPECT_EQ(Str(a->Owned()), Str(a_owned));
  EXPECT_EQ(Str(a->Assigned()), Str(a_owned));
  EXPECT_EQ(b->listener.rebalances(), b_rebalances);
  EXPECT_EQ(a->listener.calls_outside_poll(), 0);
  EXPECT_EQ(b->listener.calls_outside_poll(), 0);
}

}  // namespace
}  // namespace stem::eventlog
