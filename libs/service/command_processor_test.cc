#include "libs/service/command_processor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/testing/quarantined.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/service/command_guard.h"
#include "libs/service/testing/tally_replica.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::service {
namespace {

using events::testing::v1::SampleStepRecorded;
using projection::testing::ReadTally;
using projection::testing::Violations;
using stem::testing::TempDir;
using testing::Deadline;
using testing::kTopic;
using testing::Replica;

class CommandProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = testing::OpenTallyLog(dir_.Sub("log"), 4);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }
  int64_t LogEnd() {
    auto ends = log_->EndOffsets(kTopic, Deadline());
    EXPECT_TRUE(ends.ok()) << ends.status();
    int64_t total = 0;
    for (const auto& [partition, end] : *ends) total += end;
    return total;
  }

  TempDir dir_;
  clock::ManualClock clock_{absl::FromUnixSeconds(1546300800)};  // 2019-01-01
  events::UpcasterRegistry registry_;
  events::FactRules rules_;
  std::unique_ptr<eventlog::EventLog> log_;
};

TEST_F(CommandProcessorTest, AcceptsAndReadsItsOwnWrites) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  auto outcome = replica.Step("x", "r1", 5);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_FALSE(outcome->repeated);
  EXPECT_EQ(outcome->record.first_version(), 1);
  EXPECT_EQ(outcome->record.event_ids_size(), 1);
  // Read-your-writes: the store already holds the fact when the command returns.
  EXPECT_EQ(ReadTally(*replica.store, "x")->value().sum, 5);
  ASSERT_TRUE(replica.Step("x", "r2", 7).ok());
  EXPECT_EQ(ReadTally(*replica.store, "x")->value().sum, 12);
}

// Every accepted fact names the hash of its aggregate's previous fact: the chain the audit
// checks for altered, removed, inserted or reordered facts.
TEST_F(CommandProcessorTest, FactsOfAnAggregateFormAHashChain) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(replica.Step("x", "r" + std::to_string(i), i).ok());

  class Reader final : public eventlog::AssignmentListener {
   public:
    absl::StatusOr<eventlog::Positions> OnAssigned(
        const std::vector<eventlog::TopicPartition>&) override {
      return eventlog::Positions{};
    }
    void OnRevoked(const std::vector<eventlog::TopicPartition>&) override {}
  } reader;
  eventlog::SubscriptionOptions options;
  options.topics = {kTopic};
  options.listener = &reader;
  auto subscription = *log_->Subscribe(options);
  std::vector<eventlog::Record> facts;
  while (facts.size() < 3) {
    auto records = subscription->Poll(absl::Seconds(5), 100);
    ASSERT_TRUE(records.ok() && !records->empty());
    for (auto& record : *records) facts.push_back(std::move(record));
  }
  std::string expected_previous;
  for (const eventlog::Record& fact : facts) {
    events::v1::EventEnvelope event;
    ASSERT_TRUE(event.ParseFromString(fact.value));
    EXPECT_EQ(event.previous_hash(), expected_previous) << "version " << event.aggregate_version();
    expected_previous = FactHash(fact.value);
  }
  EXPECT_EQ(LoadAggregateRecord(*replica.store, "tally", "x")->last_hash(), expected_previous);
}

TEST_F(CommandProcessorTest, ARepeatedRequestIsAnsweredWithoutWriting) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  auto first = replica.Step("x", "r1", 5);
  ASSERT_TRUE(first.ok());
  const int64_t end = LogEnd();
  auto again = replica.Step("x", "r1", 5);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->repeated);
  EXPECT_EQ(again->record.event_ids(0), first->record.event_ids(0));
  EXPECT_EQ(LogEnd(), end);

  auto reused = replica.Step("x", "r1", 6);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(LogEnd(), end);
}

TEST_F(CommandProcessorTest, InvalidCommandsWriteNothing) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  EXPECT_EQ(ReasonOf(replica.Step("x", "r1", -1).status()), "AMOUNT_NEGATIVE");
  EXPECT_EQ(ReasonOf(replica.Step("x", "", 1).status()), "REQUEST_ID_MISSING");
  ASSERT_TRUE(replica.Step("x", "r2", 1).ok());
  const int64_t end = LogEnd();
  auto stale = replica.Step("x", "r3", 1, /*expected_version=*/0);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale.status()), "VERSION_CONFLICT");
  EXPECT_EQ(LogEnd(), end);
  EXPECT_TRUE(replica.Step("x", "r4", 1, /*expected_version=*/1).ok());
}

// A fact the projections would set aside is never written: the facts a decider returns
// meet their rules before anything is appended (rulebook section 9).
TEST_F(CommandProcessorTest, FactsThatBreakTheirRulesAreNeverAppended) {
  rules_.Register<SampleStepRecorded>([](const SampleStepRecorded& step) {
    if (step.amount() <= 1000) return absl::OkStatus();
    return MakeError(absl::StatusCode::kInvalidArgument, "AMOUNT_TOO_LARGE", "at most 1000");
  });
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  ASSERT_TRUE(replica.Step("x", "r1", 1000).ok());
  const int64_t end = LogEnd();
  absl::Status refused = replica.Step("x", "r2", 1001).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(refused), "AMOUNT_TOO_LARGE");
  EXPECT_EQ(LogEnd(), end);
}

// A fact in the log that breaks its rules anyway (a forgery, an older writer) is set aside by
// the guard: recorded with its position and reason, none of its effect applied, and the
// aggregate's history goes on after it.
TEST_F(CommandProcessorTest, AFactInTheLogThatBreaksItsRulesIsSetAsideNotApplied) {
  rules_.Register<SampleStepRecorded>([](const SampleStepRecorded& step) {
    if (step.amount() <= 1000) return absl::OkStatus();
    return MakeError(absl::StatusCode::kInvalidArgument, "AMOUNT_TOO_LARGE", "at most 1000");
  });
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  ASSERT_TRUE(replica.Step("x", "r1", 7).ok());
  events::v1::EventEnvelope forged = projection::testing::StepEvent("forged", "x", 2, 2000000);
  auto appended = log_->Append({{kTopic, "x", forged.SerializeAsString()}}, Deadline());
  ASSERT_TRUE(appended.ok()) << appended.status();
  auto after = replica.Step("x", "r3", 5);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->record.first_version(), 3);

  auto tally = ReadTally(*replica.store, "x");
  ASSERT_TRUE(tally.ok() && tally->has_value());
  EXPECT_EQ((*tally)->sum, 12);
  const std::vector<projection::v1::QuarantinedFact> set_aside =
      projection::testing::Quarantined(*replica.store);
  ASSERT_EQ(set_aside.size(), 1u);
  EXPECT_EQ(set_aside[0].event_id(), "forged");
  EXPECT_EQ(set_aside[0].reason(), projection::v1::QUARANTINE_REASON_FACT_INVALID);
  EXPECT_EQ(set_aside[0].position().offset(), (*appended)[0].offset);
  EXPECT_NE(set_aside[0].detail().find("AMOUNT_TOO_LARGE"), std::string::npos);
  EXPECT_TRUE(replica.projection->Health().ok());
}

// Two replicas, each with its own store, accept commands for the same aggregates at the
// same time. Every acknowledged command is in both projections exactly once, and versions
// are never shared.
TEST_F(CommandProcessorTest, RacingReplicasNeverShareAVersion) {
  Replica a(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  Replica b(*log_, dir_.Sub("b"), clock_, registry_, rules_);
  constexpr int kThreadsPerReplica = 4;
  constexpr int kCommandsPerThread = 25;
  std::atomic<int64_t> acknowledged_sum{0};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerReplica; ++t) {
    threads.emplace_back([&, t] {
      Replica& replica = t % 2 == 0 ? a : b;
      for (int i = 0; i < kCommandsPerThread; ++i) {
        const int64_t amount = t * 1000 + i;
        auto outcome = replica.Step(i % 2 == 0 ? "hot" : "warm",
                                    "t" + std::to_string(t) + "-" + std::to_string(i), amount);
        if (outcome.ok()) {
          acknowledged_sum += amount;
          ++acknowledged;
        } else {
          // Contention may exhaust the attempts; that command was not acknowledged.
          EXPECT_EQ(ReasonOf(outcome.status()), "CONTENTION") << outcome.status();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_GT(acknowledged.load(), 0);

  testing::ExpectRaceOutcome(a, b, acknowledged.load(), acknowledged_sum.load());
}

}  // namespace
}  // namespace stem::service
