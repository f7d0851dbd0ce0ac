// CommandProcessor::ExecuteBatch: the commands of a bulk import, decided in rounds that share
// one append and one read-your-writes wait, each answered as Execute would answer it.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/testing/forwarding_log.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/service/command_processor.h"
#include "libs/service/testing/tally_replica.h"

namespace stem::service {
namespace {

using projection::testing::ReadTally;
using projection::testing::Tally;
using projection::testing::Violations;
using stem::testing::TempDir;
using testing::Deadline;
using testing::kTopic;
using testing::Replica;

// Counts the appends, to see that a round's commands share one.
class CountingLog final : public eventlog::testing::ForwardingLog {
 public:
  using ForwardingLog::ForwardingLog;
  absl::StatusOr<std::vector<eventlog::RecordPosition>> Append(
      std::vector<eventlog::OutgoingRecord> records, absl::Time deadline) override {
    ++appends;
    return ForwardingLog::Append(std::move(records), deadline);
  }
  std::atomic<int> appends{0};
};

class CommandBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = testing::OpenTallyLog(dir_.Sub("log"), 4);
    ASSERT_TRUE(log.ok()) << log.status();
    inner_ = *std::move(log);
    log_ = std::make_unique<CountingLog>(*inner_);
  }
  int64_t LogEnd() {
    auto ends = log_->EndOffsets(kTopic, Deadline());
    EXPECT_TRUE(ends.ok()) << ends.status();
    int64_t total = 0;
    for (const auto& [partition, end] : *ends) total += end;
    return total;
  }
  Tally TallyOf(Replica& replica, const std::string& aggregate) {
    auto tally = ReadTally(*replica.store, aggregate);
    EXPECT_TRUE(tally.ok()) << tally.status();
    return tally.ok() ? tally->value_or(Tally{}) : Tally{};
  }

  TempDir dir_;
  clock::ManualClock clock_{absl::FromUnixSeconds(1546300800)};  // 2019-01-01
  events::UpcasterRegistry registry_;
  events::FactRules rules_;
  std::unique_ptr<eventlog::EventLog> inner_;
  std::unique_ptr<CountingLog> log_;
};

TEST_F(CommandBatchTest, DecidesEachAggregatesCommandsInOrderInSharedAppends) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  auto results = replica.StepBatch(
      {{"x", "r1", 1}, {"x", "r2", 2}, {"y", "r3", 3}, {"x", "r4", 4}, {"z", "r5", 5}});
  ASSERT_EQ(results.size(), 5u);
  for (const auto& result : results) ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(results[0]->record.first_version(), 1);
  EXPECT_EQ(results[1]->record.first_version(), 2);
  EXPECT_EQ(results[2]->record.first_version(), 1);
  EXPECT_EQ(results[3]->record.first_version(), 3);
  EXPECT_EQ(results[4]->record.first_version(), 1);
  // Rounds: {x r1, y, z}, {x r2}, {x r4}.
  EXPECT_EQ(log_->appends.load(), 3);
  EXPECT_EQ(LogEnd(), 5);
  // Read-your-writes: the store holds every accepted fact when the batch returns, and the
  // tally saw x's versions 1, 2, 3 in order.
  const Tally x = TallyOf(replica, "x");
  EXPECT_EQ(x.sum, 7);
  EXPECT_EQ(x.count, 3);
  EXPECT_EQ(x.last, 3);
  EXPECT_EQ(TallyOf(replica, "y").sum, 3);
  EXPECT_TRUE(Violations(*replica.store)->empty());
}

// A season's reports of one activity in one batch: one round each, and none gives up.
TEST_F(CommandBatchTest, ManyCommandsOfOneAggregateAreAllDecidedInOrder) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  std::vector<Replica::StepCommand> steps;
  for (int i = 1; i <= 40; ++i) steps.push_back({"x", "r" + std::to_string(i), i});
  auto results = replica.StepBatch(steps);
  ASSERT_EQ(results.size(), steps.size());
  for (size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
    EXPECT_EQ(results[i]->record.first_version(), static_cast<int64_t>(i) + 1);
  }
  EXPECT_EQ(TallyOf(replica, "x"), (Tally{.count = 40, .sum = 820, .last = 40}));
}

TEST_F(CommandBatchTest, AnswersEachCommandOnItsOwnAndWritesNothingForTheRefused) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  ASSERT_TRUE(replica.Step("x", "earlier", 5).ok());
  const int64_t end = LogEnd();
  auto results = replica.StepBatch({{"x", "earlier", 5},  // repeated: the earlier answer
                                    {"x", "earlier", 6},  // the id reused for another request
                                    {"y", "", 1},         // no request id
                                    {"y", "neg", -1},     // refused by the decider
                                    {"z", "fine", 2}});
  ASSERT_EQ(results.size(), 5u);
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  EXPECT_TRUE(results[0]->repeated);
  EXPECT_EQ(ReasonOf(results[1].status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(ReasonOf(results[2].status()), "REQUEST_ID_MISSING");
  EXPECT_EQ(ReasonOf(results[3].status()), "AMOUNT_NEGATIVE");
  ASSERT_TRUE(results[4].ok()) << results[4].status();
  EXPECT_FALSE(results[4]->repeated);
  EXPECT_EQ(LogEnd(), end + 1);
  EXPECT_EQ(TallyOf(replica, "x").sum, 5);
  EXPECT_EQ(TallyOf(replica, "y").count, 0);
}

TEST_F(CommandBatchTest, ARefusingProcessorAnswersEveryCommandWithItsRefusalAndWritesNothing) {
  Replica replica(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  replica.processor->SetRefusal(MakeError(absl::StatusCode::kUnavailable, "REBUILDING", "later"));
  auto results = replica.StepBatch({{"x", "r1", 1}, {"y", "r2", 2}});
  for (const auto& result : results) EXPECT_EQ(ReasonOf(result.status()), "REBUILDING");
  EXPECT_EQ(log_->appends.load(), 0);
}

// A batch on one replica and single commands on another, on the same aggregates: the
// guard arbitrates, the loser decides again, and no version is taken twice.
TEST_F(CommandBatchTest, ABatchRacingAnotherReplicaNeverSharesAVersion) {
  Replica a(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  Replica b(*log_, dir_.Sub("b"), clock_, registry_, rules_);
  constexpr int kBatches = 10;
  constexpr int kPerBatch = 8;
  std::atomic<int64_t> acknowledged_sum{0};
  std::atomic<int> acknowledged{0};
  std::thread batches([&] {
    for (int n = 0; n < kBatches; ++n) {
      std::vector<Replica::StepCommand> steps;
      for (int i = 0; i < kPerBatch; ++i) {
        steps.push_back({i % 2 == 0 ? "hot" : "warm",
                         "a" + std::to_string(n) + "-" + std::to_string(i), n * 100 + i});
      }
      auto results = a.StepBatch(steps);
      for (size_t i = 0; i < results.size(); ++i) {
        if (results[i].ok()) {
          acknowledged_sum += steps[i].amount;
          ++acknowledged;
        } else {
          EXPECT_EQ(ReasonOf(results[i].status()), "CONTENTION") << results[i].status();
        }
      }
    }
  });
  std::thread singles([&] {
    for (int i = 0; i < kBatches * kPerBatch / 2; ++i) {
      const int64_t amount = 100000 + i;
      auto outcome = b.Step(i % 2 == 0 ? "hot" : "warm", "b" + std::to_string(i), amount);
      if (outcome.ok()) {
        acknowledged_sum += amount;
        ++acknowledged;
      } else {
        EXPECT_EQ(ReasonOf(outcome.status()), "CONTENTION") << outcome.status();
      }
    }
  });
  batches.join();
  singles.join();
  ASSERT_GT(acknowledged.load(), 0);
  testing::ExpectRaceOutcome(a, b, acknowledged.load(), acknowledged_sum.load());
}

}  // namespace
}  // namespace stem::service
