// One encoding per rule: a rule's parameter is read by the subsidy service when it decides
// and by the audit when it explains and recomputes, from the same period fact through the
// same rule (libs/allocation). Two GEMEENTE_2020 periods that differ only in the demand
// bonus give different amounts, and the audit reproduces each of them.
#include <gtest/gtest.h>

#include "contexts/suite/suite_fact_rules.h"
#include "libs/events/upcaster.h"
#include "services/audit/explain.h"
#include "services/subsidy/testing/subsidy_scenario.h"

namespace stem::audit {
namespace {

using subsidy::testing::AcademyToken;
using subsidy::testing::kA;
using subsidy::testing::SubsidyScenario;

constexpr absl::Duration kPatience = absl::Seconds(60);

subsidy::v1::OpenPeriodRequest Gemeente2020(const std::string& id,
                                            const std::string& demand_bonus_permille) {
  subsidy::v1::OpenPeriodRequest request = SubsidyScenario::PeriodRequest(
      id, "2019-01-01", "2019-06-30", "2019-01-01T00:00:00+01:00", "2019-04-01T00:00:00+02:00",
      "2019-07-15T00:00:00+02:00", 10000000, 0);
  request.set_rule_id("GEMEENTE_2020");
  (*request.mutable_rule_parameters())["amount_per_municipality_cents"] = "150000";
  (*request.mutable_rule_parameters())["demand_bonus_permille"] = demand_bonus_permille;
  (*request.mutable_rule_parameters())["minimum_sessions"] = "1";
  return request;
}

TEST(RuleParameterTest, TheServiceAndTheAuditFollowAChangedParameter) {
  SubsidyScenario scenario;
  scenario.Recognise({kA});
  // A's trajectories: Aartselaar (11001) without demand, Antwerpen (11002) with demand.
  const std::string aartselaar =
      scenario.RegisterActivity(kA, "11001", {{"2019-03-02", "10:00", "11:00"}});
  const std::string antwerpen =
      scenario.RegisterActivity(kA, "11002", {{"2019-03-02", "14:00", "15:00"}});
  const std::map<std::string, std::string> bonus_by_period = {{"bonus-half", "500"},
                                                              {"bonus-full", "1000"}};
  for (const auto& [period, bonus] : bonus_by_period) {
    ASSERT_TRUE(scenario.OpenPeriod(Gemeente2020(period, bonus)).ok());
    ASSERT_TRUE(scenario.Apply(AcademyToken(kA), period, kA).ok());
    ASSERT_TRUE(scenario.RegisterDemand("municipality-11002", period, "11002").ok());
  }
  scenario.harness().AdvanceTo("2019-03-04T12:00:00Z");
  scenario.Attend(kA, aartselaar, "s1", {{9, 3}});
  scenario.Attend(kA, antwerpen, "s1", {{9, 3}});
  scenario.harness().AdvanceTo("2019-07-14T22:00:01Z");

  // 150000 for Aartselaar; Antwerpen floor(150000 x (1000 + bonus) / 1000).
  const std::map<std::string, int64_t> expected = {{"bonus-half", 150000 + 225000},
                                                   {"bonus-full", 150000 + 300000}};
  events::UpcasterRegistry upcasters;
  for (const auto& [period, amount] : expected) {
    ASSERT_TRUE(scenario.Allocate(period).ok());
    auto decided = scenario.Decision(period, kA);
    ASSERT_TRUE(decided.ok()) << decided.status();
    EXPECT_EQ(decided->amount_cents(), amount) << period;

    v1::ExplainDecisionRequest request;
    request.set_period_id(period);
    request.set_academy_kbo(kA);
    auto explained = ExplainDecision(
        scenario.harness().log(), scenario.topics(), upcasters, suite::SuiteFactRules(), request,
        scenario.dir().Sub("explain-" + period), absl::Now() + kPatience);
    ASSERT_TRUE(explained.ok()) << explained.status();
    EXPECT_EQ(explained->recomputed_amount_cents(), amount) << period;
    EXPECT_TRUE(explained->reproduced()) << period;
    EXPECT_NE(explained->computation(0).find("demand_bonus_permille=" + bonus_by_period.at(period)),
              std::string::npos)
        << explained->computation(0);
  }
}

}  // namespace
}  // namespace stem::audit
