// Rulebook section 9: every allocation decision is recomputable from the log alone. A
// fresh replay of the log through the subsidy service's projectors gives the recorded
// decisions again, and a replay of exactly the records each decision says it read does so
// even after later facts (a retroactive revocation) changed the live state.
#include <gtest/gtest.h>

#include "contexts/subsidy/allocation_facts.h"
#include "contexts/subsidy/audit_replay.h"
#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/recompute_allocation.h"
#include "google/protobuf/util/message_differencer.h"
#include "libs/projection/rebuild.h"
#include "libs/service/command_guard.h"
#include "services/subsidy/testing/subsidy_scenario.h"

namespace stem::subsidy {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::AcademyToken;
using testing::kA;
using testing::kB;
using testing::kC;
using testing::SubsidyScenario;

constexpr char kPeriod[] = "2019-1";

class SubsidyAuditTest : public ::testing::Test {
 protected:
  // A, B and C with child-minutes 2400, 900 and 120; B's session is on 12 March. Allocated
  // on 15 July 2019 with a budget of 500000 and a minimum grant of 100000.
  void AllocateThreeAcademies() {
    scenario_.Recognise({kA, kB, kC});
    scenario_.PublishCalendar("2018-2019");
    ASSERT_TRUE(scenario_
                    .OpenPeriod(SubsidyScenario::PeriodRequest(
                        kPeriod, "2019-01-01", "2019-06-30", "2019-01-01T00:00:00+01:00",
                        "2019-04-01T00:00:00+02:00", "2019-07-15T00:00:00+02:00", 500000, 100000))
                    .ok());
    const std::string a = scenario_.RegisterActivity(
        kA, "11002", {{"2019-03-02", "10:00", "12:00"}, {"2019-03-09", "10:00", "12:00"}});
    const std::string b =
        scenario_.RegisterActivity(kB, "44021", {{"2019-03-12", "15:00", "17:00"}});
    const std::string c =
        scenario_.RegisterActivity(kC, "11002", {{"2019-03-16", "10:00", "12:00"}});
    for (const char* kbo : {kA, kB, kC}) {
      ASSERT_TRUE(scenario_.Apply(AcademyToken(kbo), kPeriod, kbo).ok());
    }
    scenario_.harness().AdvanceTo("2019-03-20T12:00:00Z");
    scenario_.Attend(kA, a, "s1", {{10, 10}});
    scenario_.Attend(kA, a, "s2", {{10, 10}});
    scenario_.Attend(kB, b, "s1", {{4, 2}, {8, 10}, {12, 5}, {19, 1}});
    scenario_.Attend(kC, c, "s1", {{10, 1}});
    scenario_.harness().AdvanceTo("2019-07-15T08:00:00Z");
    auto allocated = scenario_.Allocate(kPeriod);
    ASSERT_TRUE(allocated.ok()) << allocated.status();
    summary_ = allocated->summary();
    for (const char* kbo : {kA, kB, kC}) {
      auto decision = scenario_.Decision(kPeriod, kbo);
      ASSERT_TRUE(decision.ok()) << decision.status();
      recorded_.push_back(*decision);
    }
  }

  // The decisions RecomputeAllocation gives over `state`, as facts with the recorded
  // positions; they must equal the recorded ones field for field.
  void ExpectRecordedDecisions(const projection::StateReader& state) {
    auto recomputed = RecomputeAllocationWithInputs(state, kPeriod);
    ASSERT_TRUE(recomputed.ok()) << recomputed.status();
    const eventlog::Positions positions = FromLogPositions(summary_.input_positions());
    const std::vector<v1::SubsidyDecided> facts = DecisionFacts(*recomputed, positions);
    ASSERT_EQ(facts.size(), recorded_.size());
    for (size_t i = 0; i < facts.size(); ++i) {
      EXPECT_TRUE(MessageDifferencer::Equals(facts[i], recorded_[i]))
          << "recomputed:\n"
          << facts[i].DebugString() << "recorded:\n"
          << recorded_[i].DebugString();
    }
    EXPECT_TRUE(MessageDifferencer::Equals(
        SummaryFact(*recomputed, positions, absl::CivilDay(2019, 7, 15)), summary_));
  }

  SubsidyScenario scenario_;
  v1::PeriodAllocated summary_;
  std::vector<v1::SubsidyDecided> recorded_;
  events::UpcasterRegistry upcasters_;
};

TEST_F(SubsidyAuditTest, AFreshReplayRecomputesEveryRecordedDecision) {
  AllocateThreeAcademies();
  EXPECT_EQ(recorded_[0].amount_cents(), 240351);  // A, B, C: see the next test's arithmetic
  SubsidyProjectors projectors(scenario_.topics());
  service::GuardedProjector guarded(projectors.projector(), scenario_.harness().fact_rules());
  projection::RebuildOptions options;
  options.upcasters = &upcasters_;
  auto replayed = projection::RebuildInto(scenario_.dir().Sub("replay"), scenario_.harness().log(),
                                          guarded, options, absl::Now() + absl::Seconds(60));
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  ExpectRecordedDecisions(**replayed);
}

TEST_F(SubsidyAuditTest, AReplayUpToTheRecordedPositionsIgnoresLaterFacts) {
  AllocateThreeAcademies();
  // By hand: weights A 2400, B 900, C 120, W = 3420; 3 x m = 300000, R = 200000:
  //   A: 200000 x 2400 = 480,000,000 = 140350 x 3420 + 3000;
  //   B: 180,000,000 = 52631 x 3420 + 1980; C: 24,000,000 = 7017 x 3420 + 1860;
  //   floors 199998: two cents left, to A (3000) and B (1980).
  // A 240351, B 152632, C 107017.
  EXPECT_EQ(recorded_[0].amount_cents(), 240351);
  EXPECT_EQ(recorded_[1].amount_cents(), 152632);
  EXPECT_EQ(recorded_[2].amount_cents(), 107017);

  // After the allocation, B's recognition is revoked from 1 March: live, its session of
  // 12 March no longer counts, and a recomputation over the live state differs.
  scenario_.Revoke(kB, "2019-03-01");
  scenario_.CatchUp();
  auto live = RecomputeAllocation(scenario_.runtime().state(), kPeriod);
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ(live->decisions[1].weight, 0);
  EXPECT_NE(live->decisions[0].amount_cents, recorded_[0].amount_cents());

  // A replay of exactly the records before the recorded positions reproduces them.
  auto replayed =
      ReplayUpTo(scenario_.dir().Sub("audit"), scenario_.harness().log(), scenario_.topics(),
                 FromLogPositions(summary_.input_positions()), upcasters_,
                 scenario_.harness().fact_rules(), absl::Now() + absl::Seconds(60));
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  ExpectRecordedDecisions(**replayed);
  // The allocation itself came after the positions it read.
  auto period = RequirePeriod(**replayed, kPeriod);
  ASSERT_TRUE(period.ok());
  EXPECT_FALSE(period->has_allocation());
}

}  // namespace
}  // namespace stem::subsidy
