// The allocation (rulebook section 5) through the real gRPC API: recognitions, a school
// calendar, activities and attendance are appended as those contexts' services write them,
// and every amount is checked against arithmetic done by hand in the comments.
#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "services/subsidy/testing/subsidy_scenario.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::subsidy {
namespace {

using testing::AcademyToken;
using testing::kA;
using testing::kB;
using testing::kC;
using testing::kD;
using testing::SubsidyScenario;

// A period of the first half of 2019 whose window is open from the scenario's start
// (2019-01-07) until April, with reports due 15 July.
v1::OpenPeriodRequest FirstHalf2019(const std::string& id, int64_t budget, int64_t minimum) {
  return SubsidyScenario::PeriodRequest(id, "2019-01-01", "2019-06-30", "2019-01-01T00:00:00+01:00",
                                        "2019-04-01T00:00:00+02:00", "2019-07-15T00:00:00+02:00",
                                        budget, minimum);
}

v1::OpenPeriodRequest Gemeente2020(const std::string& id, int64_t budget) {
  v1::OpenPeriodRequest request = FirstHalf2019(id, budget, 0);
  request.set_rule_id("GEMEENTE_2020");
  (*request.mutable_rule_parameters())["amount_per_municipality_cents"] = "150000";
  (*request.mutable_rule_parameters())["demand_bonus_permille"] = "500";
  (*request.mutable_rule_parameters())["minimum_sessions"] = "1";
  return request;
}

class SubsidyAllocationTest : public ::testing::Test {
 protected:
  void Open(const v1::OpenPeriodRequest& request) {
    auto opened = scenario_.OpenPeriod(request);
    ASSERT_TRUE(opened.ok()) << opened.status();
  }
  // After the reporting deadline of the 2019 periods above.
  void PastTheDeadline() { scenario_.harness().AdvanceTo("2019-07-14T22:00:01Z"); }
  v1::SubsidyDecided DecisionOf(const std::string& period, const std::string& kbo) {
    auto decision = scenario_.Decision(period, kbo);
    EXPECT_TRUE(decision.ok()) << kbo << ": " << decision.status();
    return decision.ok() ? *decision : v1::SubsidyDecided();
  }

  SubsidyScenario scenario_;
};

TEST_F(SubsidyAllocationTest, AllocationRunsOnceAfterTheReportingDeadline) {
  scenario_.Recognise({kA});
  Open(FirstHalf2019("2019-1", 25000000, 100000));
  ASSERT_TRUE(scenario_.Apply(AcademyToken(kA), "2019-1", kA).ok());
  const int64_t before = scenario_.SubsidyRecords();
  absl::Status undecided = scenario_.Decision("2019-1", kA).status();
  EXPECT_EQ(undecided.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(undecided), "DECISION_NOT_FOUND");

  absl::Status early = scenario_.Allocate("2019-1").status();
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(early), "ALLOCATION_TOO_EARLY");
  scenario_.harness().AdvanceTo("2019-07-14T22:00:00Z");  // the deadline itself
  EXPECT_EQ(ReasonOf(scenario_.Allocate("2019-1").status()), "ALLOCATION_TOO_EARLY");
  PastTheDeadline();
  EXPECT_EQ(ReasonOf(scenario_.Allocate("2019-9").status()), "PERIOD_NOT_FOUND");
  for (const std::string& token : {AcademyToken(kA), std::string("auditor")}) {
    EXPECT_EQ(ReasonOf(scenario_.Allocate("2019-1", token).status()), "ROLE_NOT_ALLOWED");
  }
  EXPECT_EQ(scenario_.SubsidyRecords(), before);

  auto allocated = scenario_.Allocate("2019-1", "officer", "allocate-1");
  ASSERT_TRUE(allocated.ok()) << allocated.status();
  // A has no sessions: weight 0, nothing; the budget stays unspent.
  EXPECT_EQ(allocated->summary().applications(), 1);
  EXPECT_EQ(allocated->summary().applications_without_grant(), 1);
  EXPECT_EQ(allocated->summary().allocated_cents(), 0);
  EXPECT_EQ(allocated->summary().unspent_cents(), 25000000);
  EXPECT_EQ(allocated->summary().decided_on(), "2019-07-15");
  EXPECT_FALSE(allocated->summary().input_positions().empty());
  EXPECT_EQ(allocated->version(), 3);  // opened, one decision, the summary
  EXPECT_EQ(scenario_.SubsidyRecords(), before + 2);
  EXPECT_EQ(DecisionOf("2019-1", kA).trace().outcome(), v1::SHARE_OUTCOME_ZERO_WEIGHT);
  // B never applied: no decision.
  EXPECT_EQ(ReasonOf(scenario_.Decision("2019-1", kB).status()), "DECISION_NOT_FOUND");

  // The same request: the same answer. Another: refused.
  auto repeated = scenario_.Allocate("2019-1", "officer", "allocate-1");
  ASSERT_TRUE(repeated.ok()) << repeated.status();
  EXPECT_EQ(repeated->version(), 3);
  absl::Status twice = scenario_.Allocate("2019-1", "officer", "allocate-2").status();
  EXPECT_EQ(twice.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(twice), "ALREADY_ALLOCATED");
  EXPECT_EQ(scenario_.SubsidyRecords(), before + 2);
  EXPECT_TRUE(scenario_.GetPeriod("2019-1")->has_allocation());
}

TEST_F(SubsidyAllocationTest, Kinduren2019MatchesTheArithmeticByHand) {
  scenario_.Recognise({kA, kB, kC, kD});
  scenario_.PublishCalendar("2018-2019");
  // Budget EUR 5,000, minimum grant EUR 1,000, no per-academy cap.
  Open(FirstHalf2019("2019-1", 500000, 100000));
  // Saturdays are never school days; 12 March is a Tuesday, a school day (school until
  // 16:00).
  const std::string a = scenario_.RegisterActivity(
      kA, "11002", {{"2019-03-02", "10:00", "12:00"}, {"2019-03-09", "10:00", "12:00"}});
  const std::string b = scenario_.RegisterActivity(kB, "44021", {{"2019-03-12", "15:00", "17:00"}});
  const std::string c = scenario_.RegisterActivity(kC, "11002", {{"2019-03-16", "10:00", "12:00"}});
  const std::string d = scenario_.RegisterActivity(kD, "11002", {{"2019-03-12", "10:00", "12:00"}});
  ASSERT_TRUE(scenario_.Apply(AcademyToken(kA), "2019-1", kA, 200000).ok());
  for (const char* kbo : {kB, kC, kD}) {
    ASSERT_TRUE(scenario_.Apply(AcademyToken(kbo), "2019-1", kbo).ok());
  }
  scenario_.harness().AdvanceTo("2019-03-20T12:00:00Z");
  // A: 2 sessions x 10 children x 120 minutes = 2400.
  scenario_.Attend(kA, a, "s1", {{10, 10}});
  scenario_.Attend(kA, a, "s2", {{10, 10}});
  // B: the rulebook's example: 15 eligible (the 4- and 19-year-olds are not) x 60 minutes
  // after 16:00 = 900.
  scenario_.Attend(kB, b, "s1", {{4, 2}, {8, 10}, {12, 5}, {19, 1}});
  // C: 1 x 120 = 120. D: all in school hours: 0.
  scenario_.Attend(kC, c, "s1", {{10, 1}});
  scenario_.Attend(kD, d, "s1", {{10, 5}});
  PastTheDeadline();
  auto allocated = scenario_.Allocate("2019-1");
  ASSERT_TRUE(allocated.ok()) << allocated.status();

  // By hand. B = 500000, m = 100000; weights A 2400, B 900, C 120, D 0; A's cap is its
  // requested 200000.
  // D has weight 0: nothing. 3 x m = 300000 <= B: nobody is dropped. Each of A, B, C
  // gets m plus its share of CLR(R = 200000, A's cap reduced to 100000):
  //   round 1: W = 3420; A: R.w = 200000 x 2400 = 480,000,000 >= cap.W = 100000 x 3420
  //            = 342,000,000, so A gets its cap 100000; R = 100000;
  //   round 2: W = 1020; no caps left.
  //   B: 100000 x 900 = 90,000,000 = 88235 x 1020 + 300 -> 88235, remainder 300;
  //   C: 100000 x 120 = 12,000,000 = 11764 x 1020 + 720 -> 11764, remainder 720;
  //   88235 + 11764 = 99999: one cent left, to the largest remainder, C.
  // A 100000 + 100000 = 200000; B 100000 + 88235 = 188235; C 100000 + 11765 = 111765.
  const v1::SubsidyDecided da = DecisionOf("2019-1", kA);
  const v1::SubsidyDecided db = DecisionOf("2019-1", kB);
  const v1::SubsidyDecided dc = DecisionOf("2019-1", kC);
  const v1::SubsidyDecided dd = DecisionOf("2019-1", kD);
  EXPECT_EQ(da.amount_cents(), 200000);
  EXPECT_EQ(db.amount_cents(), 188235);
  EXPECT_EQ(dc.amount_cents(), 111765);
  EXPECT_EQ(dd.amount_cents(), 0);
  EXPECT_EQ(da.weight(), 2400);
  EXPECT_EQ(db.child_minutes(), 900);
  EXPECT_EQ(dc.weight(), 120);
  EXPECT_EQ(dd.weight(), 0);

  // The inputs and the trace.
  EXPECT_EQ(da.rule_id(), "KINDUREN_2019");
  EXPECT_EQ(da.rule_version(), 1);
  EXPECT_EQ(da.requested_cents(), 200000);
  EXPECT_EQ(da.cap_cents(), 200000);
  EXPECT_FALSE(db.has_cap_cents());
  ASSERT_EQ(da.activities_size(), 1);
  EXPECT_EQ(da.activities(0).activity_id(), a);
  EXPECT_EQ(da.activities(0).sessions_counted(), 2);
  ASSERT_EQ(da.municipalities_size(), 1);
  EXPECT_EQ(da.municipalities(0).nis_code(), "11002");
  EXPECT_EQ(da.municipalities(0).child_minutes(), 2400);
  EXPECT_EQ(da.trace().outcome(), v1::SHARE_OUTCOME_CAPPED);
  EXPECT_EQ(da.trace().capped_in_round(), 1);
  EXPECT_EQ(da.trace().minimum_part_cents(), 100000);
  EXPECT_EQ(db.trace().outcome(), v1::SHARE_OUTCOME_PROPORTIONAL);
  EXPECT_EQ(db.trace().floor_share_cents(), 88235);
  EXPECT_EQ(db.trace().remainder(), "300");
  EXPECT_FALSE(db.trace().extra_cent());
  EXPECT_EQ(dc.trace().floor_share_cents(), 11764);
  EXPECT_EQ(dc.trace().remainder(), "720");
  EXPECT_TRUE(dc.trace().extra_cent());
  EXPECT_EQ(dd.trace().outcome(), v1::SHARE_OUTCOME_ZERO_WEIGHT);
  ASSERT_EQ(dd.activities_size(), 1);
  EXPECT_EQ(dd.activities(0).sessions_counted(), 0);
  EXPECT_EQ(dd.application_version(), 1);
  EXPECT_EQ(da.input_positions_size(), allocated->summary().input_positions_size());

  const v1::PeriodAllocated& summary = allocated->summary();
  EXPECT_EQ(summary.allocated_cents(), 500000);
  EXPECT_EQ(summary.unspent_cents(), 0);
  EXPECT_EQ(summary.method(), "MINIMUM_GRANT_DIVISION");
  EXPECT_EQ(summary.rounds(), 2);
  EXPECT_EQ(summary.remaining_after_caps_cents(), 100000);
  EXPECT_EQ(summary.total_active_weight(), "1020");
  EXPECT_EQ(summary.applications(), 4);
  EXPECT_EQ(summary.applications_granted(), 3);
  // Child-minutes > 0 in Antwerpen (A, C) and Gent (B).
  EXPECT_EQ(summary.municipalities_reached(), 2);

  // An academy reads its own decision only.
  EXPECT_TRUE(scenario_.Decision("2019-1", kB, AcademyToken(kB)).ok());
  EXPECT_EQ(ReasonOf(scenario_.Decision("2019-1", kA, AcademyToken(kB)).status()),
            "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.Decision("2019-1", kA, "municipality-11002").status()),
            "ROLE_NOT_ALLOWED");
}

TEST_F(SubsidyAllocationTest, Gemeente2020CountsDemandAsTheWorkedExampleE4) {
  scenario_.Recognise({kA, kB, kC});
  Open(Gemeente2020("e4-fits", 1000000));
  Open(Gemeente2020("e4-short", 500000));
  // Trajectories: A in 11001 and 11002, B in 11002, C in 44021, 44083 and 46003; one
  // Saturday session each, 3 children for 60 minutes.
  std::vector<std::pair<std::string, std::string>> activities;  // kbo, activity id
  for (const auto& [kbo, nis] : std::vector<std::pair<std::string, std::string>>{{kA, "11001"},
                                                                                 {kA, "11002"},
                                                                                 {kB, "11002"},
                                                                                 {kC, "44021"},
                                                                                 {kC, "44083"},
                                                                                 {kC, "46003"}}) {
    activities.emplace_back(
        kbo, scenario_.RegisterActivity(kbo, nis, {{"2019-03-02", "10:00", "11:00"}}));
  }
  for (const std::string period : {"e4-fits", "e4-short"}) {
    ASSERT_TRUE(scenario_.Apply(AcademyToken(kA), period, kA).ok());
    ASSERT_TRUE(scenario_.Apply(AcademyToken(kB), period, kB).ok());
    ASSERT_TRUE(scenario_.Apply(AcademyToken(kC), period, kC, 300000).ok());
    // Antwerpen's demand stands; Aartselaar's is withdrawn and does not count.
    ASSERT_TRUE(scenario_.RegisterDemand("municipality-11002", period, "11002").ok());
    ASSERT_TRUE(scenario_.RegisterDemand("municipality-11001", period, "11001").ok());
    ASSERT_TRUE(scenario_.WithdrawDemand("municipality-11001", period, "11001").ok());
  }
  scenario_.harness().AdvanceTo("2019-03-04T12:00:00Z");
  for (const auto& [kbo, id] : activities) scenario_.Attend(kbo, id, "s1", {{9, 3}});
  PastTheDeadline();

  // Claims: floor(150000 x 1500 / 1000) = 225000 with demand, 150000 without.
  // A: 11001 150000 + 11002 225000 = 375000; B: 225000; C: 3 x 150000 = 450000, capped at
  // its requested 300000. Together 900000.
  auto fits = scenario_.Allocate("e4-fits");
  ASSERT_TRUE(fits.ok()) << fits.status();
  // Budget 1000000 >= 900000: everyone gets the claim; 100000 unspent.
  EXPECT_EQ(fits->summary().method(), "CLAIMS_FIT");
  EXPECT_EQ(DecisionOf("e4-fits", kA).amount_cents(), 375000);
  EXPECT_EQ(DecisionOf("e4-fits", kB).amount_cents(), 225000);
  EXPECT_EQ(DecisionOf("e4-fits", kC).amount_cents(), 300000);
  EXPECT_EQ(fits->summary().unspent_cents(), 100000);
  ASSERT_EQ(fits->summary().municipalities_with_demand_size(), 1);
  EXPECT_EQ(fits->summary().municipalities_with_demand(0), "11002");

  const v1::SubsidyDecided a = DecisionOf("e4-fits", kA);
  EXPECT_EQ(a.claim_cents(), 375000);
  ASSERT_EQ(a.municipalities_size(), 2);
  EXPECT_EQ(a.municipalities(0).nis_code(), "11001");
  EXPECT_FALSE(a.municipalities(0).demand());
  EXPECT_TRUE(a.municipalities(0).trajectory());
  EXPECT_EQ(a.municipalities(0).claim_cents(), 150000);
  EXPECT_EQ(a.municipalities(1).nis_code(), "11002");
  EXPECT_TRUE(a.municipalities(1).demand());
  EXPECT_EQ(a.municipalities(1).claim_cents(), 225000);
  EXPECT_EQ(a.rule_parameters().at("demand_bonus_permille"), "500");
  const v1::SubsidyDecided c = DecisionOf("e4-fits", kC);
  EXPECT_EQ(c.claim_cents(), 450000);
  EXPECT_EQ(c.cap_cents(), 300000);
  EXPECT_EQ(c.weight(), 300000);

  // Budget 500000 < 900000: CLR(500000) over weights = caps = claims, W = 900000:
  //   A: 500000 x 375000 / 900000 = 208333 rest 300000 (in units of 1/900000 cent);
  //   B: 500000 x 225000 / 900000 = 125000 rest 0;
  //   C: 500000 x 300000 / 900000 = 166666 rest 600000;
  // one cent left over, to the largest remainder, C.
  auto short_budget = scenario_.Allocate("e4-short");
  ASSERT_TRUE(short_budget.ok()) << short_budget.status();
  EXPECT_EQ(short_budget->summary().method(), "MINIMUM_GRANT_DIVISION");
  EXPECT_EQ(DecisionOf("e4-short", kA).amount_cents(), 208333);
  EXPECT_EQ(DecisionOf("e4-short", kB).amount_cents(), 125000);
  EXPECT_EQ(DecisionOf("e4-short", kC).amount_cents(), 166667);
  EXPECT_EQ(DecisionOf("e4-short", kA).trace().remainder(), "300000");
  EXPECT_TRUE(DecisionOf("e4-short", kC).trace().extra_cent());
  EXPECT_EQ(short_budget->summary().allocated_cents(), 500000);
}

TEST_F(SubsidyAllocationTest, SessionsInsideAnApprovedPartnershipCountZero) {
  scenario_.Recognise({kA, kB});
  Open(FirstHalf2019("2019-1", 500000, 100000));
  const std::string a = scenario_.RegisterActivity(kA, "11002", {{"2019-03-02", "10:00", "12:00"}});
  const std::string b = scenario_.RegisterActivity(
      kB, "44021", {{"2019-02-23", "10:00", "12:00"}, {"2019-03-02", "10:00", "12:00"}});
  ASSERT_TRUE(scenario_.Apply(AcademyToken(kA), "2019-1", kA).ok());
  ASSERT_TRUE(scenario_.Apply(AcademyToken(kB), "2019-1", kB).ok());
  // B is a partner of a STEM-partnership whose project runs from 1 March 2019.
  partnership::v1::PartnershipApproved approved;
  approved.set_call_id("call-2019");
  approved.set_partnership_id("ptn-00000000000000b1");
  approved.set_lead_kbo("0403170701");
  approved.add_partners()->set_kbo(kB);
  approved.set_approved_cents(20000000);
  approved.set_project_start("2019-03-01");
  approved.set_project_end("2021-02-28");
  scenario_.AppendPartnershipFact("call", "call-2019", approved);
  scenario_.harness().AdvanceTo("2019-03-04T12:00:00Z");
  scenario_.Attend(kA, a, "s1", {{10, 4}});
  scenario_.Attend(kB, b, "s1", {{10, 5}});
  scenario_.Attend(kB, b, "s2", {{10, 5}});
  PastTheDeadline();
  ASSERT_TRUE(scenario_.Allocate("2019-1").ok());

  // B: 23 February counts 5 x 120 = 600; 2 March lies in the project: 0. A: 4 x 120 = 480.
  // 2 x m = 200000 <= 500000; CLR(300000; A 480, B 600), W = 1080:
  //   A: 300000 x 480 = 144,000,000 = 133333 x 1080 + 360; B: 180,000,000 = 166666 x 1080
  //   + 720; one cent left, to B. A 233333, B 266667.
  const v1::SubsidyDecided db = DecisionOf("2019-1", kB);
  EXPECT_EQ(db.child_minutes(), 600);
  ASSERT_EQ(db.activities_size(), 1);
  EXPECT_EQ(db.activities(0).sessions_counted(), 1);
  EXPECT_EQ(db.amount_cents(), 266667);
  EXPECT_EQ(DecisionOf("2019-1", kA).amount_cents(), 233333);
}

}  // namespace
}  // namespace stem::subsidy
