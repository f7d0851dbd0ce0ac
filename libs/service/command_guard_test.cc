#include "libs/service/command_guard.h"

#include <gtest/gtest.h>

#include "libs/common/testing/temp_dir.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/testing/tally_projector.h"

namespace stem::service {
namespace {

using commands::v1::COMMAND_VERDICT_ACCEPTED;
using commands::v1::COMMAND_VERDICT_DUPLICATE_REQUEST;
using commands::v1::COMMAND_VERDICT_VERSION_CONFLICT;
using projection::testing::ReadTally;
using projection::testing::StepEvent;
using projection::testing::Violations;
using stem::testing::TempDir;

// One fact of a command attempt.
events::v1::EventEnvelope Fact(const std::string& command_id, int index, int count, int64_t version,
                               const std::string& request_id) {
  events::v1::EventEnvelope event =
      StepEvent(command_id + "-" + std::to_string(index), "agg", version, 10);
  event.set_command_id(command_id);
  event.set_command_event_index(index);
  event.set_command_event_count(count);
  event.set_request_id(request_id);
  return event;
}

class CommandGuardTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = *projection::ProjectionStore::Open(dir_.Sub("store")); }

  // Applies the facts in this order, as a projection reading the log would.
  void ApplyInOrder(const std::vector<events::v1::EventEnvelope>& facts) {
    projection::testing::TallyProjector tally({"t"});
    const events::FactRules no_rules;
    GuardedProjector guard(tally, no_rules);
    auto batch = store_->BeginBatch();
    int64_t offset = 0;
    for (const auto& fact : facts) {
      eventlog::Record record{{"t", 0}, offset++, "agg", "", absl::UnixEpoch()};
      ASSERT_TRUE(guard.Apply(fact, record, *batch).ok());
    }
    ASSERT_TRUE(store_->Commit(std::move(batch), {{{"t", 0}, offset}}).ok());
  }

  commands::v1::CommandVerdict VerdictOf(const std::string& command_id) {
    auto record = LoadCommandRecord(*store_, command_id);
    EXPECT_TRUE(record.ok() && record->has_value()) << command_id;
    return (*record)->verdict();
  }

  TempDir dir_;
  std::unique_ptr<projection::ProjectionStore> store_;
};

TEST_F(CommandGuardTest, FirstAttemptForAVersionWins) {
  ApplyInOrder({Fact("a", 0, 1, 1, "r1"), Fact("b", 0, 1, 1, "r2"), Fact("c", 0, 1, 2, "r3")});
  EXPECT_EQ(VerdictOf("a"), COMMAND_VERDICT_ACCEPTED);
  EXPECT_EQ(VerdictOf("b"), COMMAND_VERDICT_VERSION_CONFLICT);
  EXPECT_EQ(VerdictOf("c"), COMMAND_VERDICT_ACCEPTED);
  EXPECT_EQ(LoadAggregateRecord(*store_, "tally", "agg")->version(), 2);
  EXPECT_EQ(ReadTally(*store_, "agg")->value().count, 2);
  EXPECT_TRUE(Violations(*store_)->empty());
}

TEST_F(CommandGuardTest, ARequestIdIsAnsweredOnce) {
  ApplyInOrder({Fact("a", 0, 1, 1, "same"), Fact("b", 0, 1, 2, "same")});
  EXPECT_EQ(VerdictOf("b"), COMMAND_VERDICT_DUPLICATE_REQUEST);
  auto request = LoadRequestRecord(*store_, "tally", "agg", "same");
  ASSERT_TRUE(request.ok() && request->has_value());
  EXPECT_EQ((*request)->command_id(), "a");
  EXPECT_EQ(ReadTally(*store_, "agg")->value().count, 1);
}

// Attempt a writes versions 1-3; attempt b, decided on a stale view, wrote version 2 and
// landed in the middle of a's facts. b must not take version 2 from a's second fact.
TEST_F(CommandGuardTest, AHalfAppliedAttemptKeepsItsVersions) {
  ApplyInOrder({Fact("a", 0, 3, 1, "r1"), Fact("b", 0, 1, 2, "r2"), Fact("a", 1, 3, 2, "r1"),
                Fact("a", 2, 3, 3, "r1")});
  EXPECT_EQ(VerdictOf("a"), COMMAND_VERDICT_ACCEPTED);
  EXPECT_EQ(VerdictOf("b"), COMMAND_VERDICT_VERSION_CONFLICT);
  auto a = LoadCommandRecord(*store_, "a");
  EXPECT_EQ((*a)->event_ids_size(), 3);
  EXPECT_EQ(ReadTally(*store_, "agg")->value().count, 3);
  EXPECT_TRUE(Violations(*store_)->empty());
  EXPECT_TRUE(LoadAggregateRecord(*store_, "tally", "agg")->open_command_id().empty());
}

// The later facts of a refused attempt are ignored, even when their versions would fit.
TEST_F(CommandGuardTest, ARefusedAttemptIsRefusedWhole) {
  ApplyInOrder({Fact("a", 0, 1, 1, "r1"), Fact("b", 0, 2, 1, "r2"), Fact("b", 1, 2, 2, "r2")});
  EXPECT_EQ(VerdictOf("b"), COMMAND_VERDICT_VERSION_CONFLICT);
  EXPECT_EQ(LoadAggregateRecord(*store_, "tally", "agg")->version(), 1);
  EXPECT_EQ(ReadTally(*store_, "agg")->value().count, 1);
}

// A record repeated in the log (a writer that retried outside its transaction) is another
// record with the same fact: it changes nothing and stops nothing, whether it repeats an
// attempt's first fact (an accepted, a refused or a duplicate request's) or a later one,
// next to it or after other attempts.
TEST_F(CommandGuardTest, ARepeatedRecordOfAFactChangesNothing) {
  const auto a0 = Fact("a", 0, 2, 1, "r1");
  const auto a1 = Fact("a", 1, 2, 2, "r1");
  const auto b0 = Fact("b", 0, 1, 1, "r2");  // loses version 1 to a
  const auto c0 = Fact("c", 0, 1, 3, "r1");  // a's request id again
  ApplyInOrder({a0, a0, a1, a1, b0, c0, a0, b0, c0, a1, Fact("d", 0, 1, 3, "r3"), a1});
  EXPECT_EQ(VerdictOf("a"), COMMAND_VERDICT_ACCEPTED);
  EXPECT_EQ(VerdictOf("b"), COMMAND_VERDICT_VERSION_CONFLICT);
  EXPECT_EQ(VerdictOf("c"), COMMAND_VERDICT_DUPLICATE_REQUEST);
  EXPECT_EQ(VerdictOf("d"), COMMAND_VERDICT_ACCEPTED);
  auto a = LoadCommandRecord(*store_, "a");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->event_ids_size(), 2);
  auto request = LoadRequestRecord(*store_, "tally", "agg", "r1");
  ASSERT_TRUE(request.ok() && request->has_value());
  EXPECT_EQ((*request)->command_id(), "a");
  EXPECT_EQ(LoadAggregateRecord(*store_, "tally", "agg")->version(), 3);
  EXPECT_EQ(ReadTally(*store_, "agg")->value().count, 3);
  EXPECT_TRUE(Violations(*store_)->empty());
}

}  // namespace
}  // namespace stem::service
