// Two ProjectionRunners share a topic through one Kafka consumer group, each with its own
// store and its own log client, as two replicas of a service would. A member joining in the
// middle of the stream and a member restarting must leave the owner of every partition with
// the exact tally of that partition's aggregates: nothing lost, nothing applied twice.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/kafka_event_log.h"
#include "libs/projection/projection_runner.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/testing/tally_projector.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::projection {
namespace {

using eventlog::EventLog;
using eventlog::KafkaOptions;
using eventlog::Positions;
using eventlog::Record;
using eventlog::TopicPartition;
using eventlog::kafka_testing::kPatience;
using stem::testing::TempDir;
using testing::ReadTally;
using testing::StepEvent;
using testing::Tally;
using testing::TallyProjector;
using testing::Violations;

using PartitionSet = std::set<TopicPartition>;

constexpr int kPartitions = 6;
constexpr int kAggregates = 60;
constexpr int kEventsPerAppend = 100;
// Small batches, so that rebalances fall between many commits.
constexpr size_t kMaxBatch = 100;

std::string Str(const PartitionSet& partitions) {
  std::vector<std::string> names;
  for (const TopicPartition& tp : partitions) names.push_back(eventlog::ToString(tp));
  return absl::StrCat("{", absl::StrJoin(names, ", "), "}");
}

int64_t PositionOr0(const Positions& positions, const TopicPartition& tp) {
  auto it = positions.find(tp);
  return it == positions.end() ? 0 : it->second;
}

// Appends step events round-robin over the aggregates, kEventsPerAppend per (atomic) Append,
// and keeps the tally every aggregate must end up with.
class Writer {
 public:
  Writer(EventLog& log, std::string topic) : log_(log), topic_(std::move(topic)) {}

  void Append(int events) {
    for (int done = 0; done < events; done += kEventsPerAppend) {
      std::vector<eventlog::OutgoingRecord> records;
      for (int i = 0; i < std::min(kEventsPerAppend, events - done); ++i) {
        const int n = appended_++;
        const std::string aggregate = absl::StrFormat("academy-%02d", n % kAggregates);
        Tally& tally = expected_[aggregate];
        tally.count += 1;
        tally.last += 1;
        // Differs per step, so that a lost or repeated event shows in the sum too.
        const int64_t amount = tally.last * 1000 + n % kAggregates;
        tally.sum += amount;
        records.push_back(
            {topic_, aggregate,
             StepEvent(absl::StrCat(id_prefix_, "-", n), aggregate, tally.last, amount)
                 .SerializeAsString()});
      }
      absl::StatusOr<std::vector<eventlog::RecordPosition>> positions =
          log_.Append(std::move(records), absl::Now() + kPatience);
      ASSERT_TRUE(positions.ok()) << positions.status();
    }
  }

  int appended() const { return appended_; }
  const std::map<std::string, Tally>& expected() const { return expected_; }

 private:
  EventLog& log_;
  const std::string topic_;
  const std::string id_prefix_ = eventlog::kafka_testing::UniqueKafkaName("event");
  int appended_ = 0;
  std::map<std::string, Tally> expected_;
};

// One replica: a log client, a store that outlives restarts, and a runner polling on a
// thread of its own.
class Member {
 public:
  Member(std::string name, const std::string& topic, std::string group)
      : name_(std::move(name)),
        group_(std::move(group)),
        instance_(eventlog::kafka_testing::UniqueKafkaName(name_)),
        projector_({topic}) {}
  ~Member() { Close(); }

  void Open(const KafkaOptions& kafka) {
    absl::StatusOr<std::unique_ptr<EventLog>> log = eventlog::OpenKafkaEventLog(kafka);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    absl::StatusOr<std::unique_ptr<ProjectionStore>> store =
        ProjectionStore::Open(dir_.Sub("store"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    RunnerOptions options;
    options.group_id = group_;
    // Static membership, as pods have: a restart within the session timeout gets the same
    // partitions back without a rebalance.
    options.group_instance_id = instance_;
    options.max_batch = kMaxBatch;
    absl::StatusOr<std::unique_ptr<ProjectionRunner>> runner =
        ProjectionRunner::Create(*log_, *store_, projector_, options);
    ASSERT_TRUE(runner.ok()) << runner.status();
    runner_ = *std::move(runner);
    applied_ = 0;
    std::lock_guard<std::mutex> lock(mu_);
    owned_.clear();
  }

  // Destroys runner, log client and store, as a killed process would lose them; the store's
  // directory stays.
  void Close() {
    StopPolling();
    runner_.reset();
    log_.reset();
    store_.reset();
  }

  void StartPolling() {
    stop_ = false;
    thread_ = std::thread([this] {
      while (!stop_) {
        absl::StatusOr<size_t> applied = runner_->PollOnce(absl::Milliseconds(50));
        if (!applied.ok()) {
          std::lock_guard<std::mutex> lock(mu_);
          error_ = applied.status();
          return;
        }
        applied_ += *applied;
        // Taken here because the runner belongs to this thread; the assignment only changes
        // inside PollOnce, so this is current until the next one.
        std::vector<TopicPartition> assignment = runner_->Assignment();
        std::lock_guard<std::mutex> lock(mu_);
        owned_ = PartitionSet(assignment.begin(), assignment.end());
      }
    });
  }

  void StopPolling() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // The partitions the group gave this member, as of its last PollOnce.
  PartitionSet Owned() const {
    std::lock_guard<std::mutex> lock(mu_);
    return owned_;
  }

  absl::Status error() const {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }

  const std::string& name() const { return name_; }
  ProjectionStore& store() { return *store_; }
  // Events applied (as PollOnce counts them) since the runner was created.
  size_t applied() const { return applied_; }

 private:
  const std::string name_;
  const std::string group_;
  const std::string instance_;
  TallyProjector projector_;
  TempDir dir_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<ProjectionStore> store_;
  std::unique_ptr<ProjectionRunner> runner_;
  std::thread thread_;
  std::atomic<bool> stop_ = false;
  std::atomic<size_t> applied_ = 0;
  mutable std::mutex mu_;
  absl::Status error_;
  PartitionSet owned_;
};

// Why the members are not settled yet: settled is every partition owned by exactly one of
// them, each owning some, and each having committed what it owns up to `ends`.
std::optional<std::string> Unsettled(const std::vector<Member*>& members, const Positions& ends) {
  PartitionSet all;
  for (Member* member : members) {
    const PartitionSet owned = member->Owned();
    if (owned.empty()) return absl::StrCat(member->name(), " owns no partition");
    absl::StatusOr<Positions> stored = member->store().StoredPositions();
    if (!stored.ok()) return absl::StrCat(member->name(), ": ", stored.status().ToString());
    for (const TopicPartition& tp : owned) {
      if (!all.insert(tp).second) return absl::StrCat(eventlog::ToString(tp), " has two owners");
      const int64_t at = PositionOr0(*stored, tp);
      const int64_t end = PositionOr0(ends, tp);
      if (at < end) {
        return absl::StrCat(member->name(), " is at ", at, " of ", end, " in ",
                            eventlog::ToString(tp));
      }
    }
  }
  if (all.size() != kPartitions) return absl::StrCat("only ", Str(all), " are owned");
  return std::nullopt;
}

// Lets the members poll until they are settled as of the log's current end, then stops
// their threads, so that owners and stores hold still for the checks.
void SettleAndStop(const std::vector<Member*>& members, EventLog& log, const std::string& topic) {
  absl::StatusOr<Positions> ends = log.EndOffsets(topic, absl::Now() + kPatience);
  ASSERT_TRUE(ends.ok()) << ends.status();
  const absl::Time give_up = absl::Now() + kPatience;
  while (true) {
    for (Member* member : members) {
      ASSERT_TRUE(member->error().ok()) << member->name() << ": " << member->error();
    }
    std::optional<std::string> why = Unsettled(members, *ends);
    if (!why.has_value()) {
      for (Member* member : members) member->StopPolling();
      // A rebalance between the check and the stop would have moved partitions.
      why = Unsettled(members, *ends);
      if (!why.has_value()) return;
      for (Member* member : members) member->StartPolling();
    }
    ASSERT_LT(absl::Now(), give_up) << "not settled within " << kPatience << ": " << *why;
    absl::SleepFor(absl::Milliseconds(50));
  }
}

// No member saw an aggregate's steps out of order, and the owner of each partition holds the
// complete tally of its aggregates. (A member's store may keep stale tallies of partitions
// the group took away from it; those are not its to answer for.)
void ExpectExactTallies(const std::vector<Member*>& members, const std::string& topic,
                        const std::map<std::string, Tally>& expected) {
  for (Member* member : members) {
    absl::StatusOr<std::vector<std::string>> violations = Violations(member->store());
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_THAT(*violations, ::testing::IsEmpty()) << member->name();
  }
  for (const auto& [aggregate, tally] : expected) {
    const TopicPartition tp{topic, eventlog::PartitionForKey(aggregate, kPartitions)};
    auto owner = std::find_if(members.begin(), members.end(),
                              [&](Member* member) { return member->Owned().contains(tp); });
    ASSERT_NE(owner, members.end()) << eventlog::ToString(tp) << " has no owner";
    absl::StatusOr<std::optional<Tally>> stored = ReadTally((*owner)->store(), aggregate);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->value_or(Tally{}), tally)
        << aggregate << " in " << eventlog::ToString(tp) << ", owned by " << (*owner)->name();
  }
}

TEST(KafkaProjectionGroupTest, RebalanceAndRestartKeepEveryTallyExact) {
  KafkaOptions kafka = eventlog::kafka_testing::TestKafkaOptions();
  ASSERT_FALSE(kafka.bootstrap_servers.empty());
  // B's restart must fall within the session timeout, or the group evicts it and
  // rebalances; the restart takes well under a second, the margin is for a loaded machine.
  kafka.extra["session.timeout.ms"] = "30000";
  kafka.extra["max.poll.interval.ms"] = "60000";
  absl::StatusOr<std::unique_ptr<EventLog>> log = eventlog::OpenKafkaEventLog(kafka);
  ASSERT_TRUE(log.ok()) << log.status();
  const std::string topic = eventlog::kafka_testing::UniqueKafkaName("projection-group");
  const std::string group = eventlog::kafka_testing::UniqueKafkaName("projection-group");
  ASSERT_TRUE((*log)->EnsureTopics({eventlog::kafka_testing::Spec(topic, kPartitions)}).ok());
  Writer writer(**log, topic);
  Member a("a", topic, group);
  Member b("b", topic, group);

  // A alone, with part of the stream behind it when B joins.
  ASSERT_NO_FATAL_FAILURE(writer.Append(2400));
  ASSERT_NO_FATAL_FAILURE(a.Open(kafka));
  a.StartPolling();
  const absl::Time give_up = absl::Now() + kPatience;
  while (a.applied() < 800 && a.error().ok()) {
    ASSERT_LT(absl::Now(), give_up) << "A applied only " << a.applied();
    absl::SleepFor(absl::Milliseconds(10));
  }

  // B joins while appends go on: half of them before the group gives B its partitions,
  // half after.
  ASSERT_NO_FATAL_FAILURE(b.Open(kafka));
  b.StartPolling();
  ASSERT_NO_FATAL_FAILURE(writer.Append(1200));
  while (b.Owned().empty() && b.error().ok()) {
    ASSERT_LT(absl::Now(), give_up) << "B got no partition";
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_NO_FATAL_FAILURE(writer.Append(1200));
  ASSERT_NO_FATAL_FAILURE(SettleAndStop({&a, &b}, **log, topic));
  ASSERT_NO_FATAL_FAILURE(ExpectExactTallies({&a, &b}, topic, writer.expected()));
  const size_t a_applied = a.applied();

  // B dies while appends go on, after it applied some of them, and misses the rest and more
  // while it is down.
  a.StartPolling();
  b.StartPolling();
  const size_t b_applied_before_appends = b.applied();
  std::thread appender([&writer] { writer.Append(600); });
  // No assertion may leave this scope before the join.
  const absl::Time b_patience = absl::Now() + kPatience;
  while (b.applied() < b_applied_before_appends + 100 && b.error().ok() &&
         absl::Now() < b_patience) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  b.StopPolling();
  const size_t b_applied_before_restart = b.applied();
  const PartitionSet b_owned = b.Owned();
  absl::StatusOr<Positions> b_committed = b.store().StoredPositions();
  b.Close();
  appender.join();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(b_committed.ok()) << b_committed.status();
  ASSERT_NO_FATAL_FAILURE(writer.Append(600));
  ASSERT_NO_FATAL_FAILURE(b.Open(kafka));
  b.StartPolling();
  ASSERT_NO_FATAL_FAILURE(SettleAndStop({&a, &b}, **log, topic));
  EXPECT_EQ(Str(b.Owned()), Str(b_owned)) << "the restarted static member lost partitions";
  ASSERT_NO_FATAL_FAILURE(ExpectExactTallies({&a, &b}, topic, writer.expected()));

  // The restarted B resumed where its store stood: it applied exactly the records of its
  // partitions at or past its committed positions, counted here from the log itself.
  const std::vector<Record> records = eventlog::kafka_testing::ReadEverything(**log, topic);
  ASSERT_EQ(records.size(), static_cast<size_t>(writer.appended()));
  size_t missed_by_b = 0;
  for (const Record& record : records) {
    if (b_owned.contains(record.topic_partition) &&
        record.offset >= PositionOr0(*b_committed, record.topic_partition)) {
      ++missed_by_b;
    }
  }
  EXPECT_EQ(b.applied(), missed_by_b);
  std::printf(
      "appended %d; A applied %zu (+%zu after B's restart); B applied %zu, then %zu after"
      " its restart, owning %s\n",
      writer.appended(), a_applied, a.applied() - a_applied, b_applied_before_restart, b.applied(),
      Str(b_owned).c_str());
}

}  // namespace
}  // namespace stem::projection
