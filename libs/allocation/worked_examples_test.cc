// The rulebook's worked examples E1-E4 (section 5). A, B, C, D stand for KBO numbers in
// that order.
#include <gtest/gtest.h>

#include "libs/allocation/allocation_rule.h"
#include "libs/allocation/capped_largest_remainder.h"

namespace stem::allocation {
namespace {

constexpr char kA[] = "0123456749";
constexpr char kB[] = "0200000043";
constexpr char kC[] = "0300000016";
constexpr char kD[] = "0444444496";

std::vector<int64_t> Amounts(const Division& division) {
  std::vector<int64_t> amounts;
  for (const ShareResult& share : division.shares) amounts.push_back(share.amount);
  return amounts;
}

std::vector<int64_t> Amounts(const Allocation& allocation) {
  std::vector<int64_t> amounts;
  for (const Decision& decision : allocation.decisions) amounts.push_back(decision.amount_cents);
  return amounts;
}

TEST(WorkedExamplesTest, E1LeftoverCentToTheLowestKbo) {
  Division division = CappedLargestRemainder(100, {{kA, 1, {}}, {kB, 1, {}}, {kC, 1, {}}});
  EXPECT_EQ(Amounts(division), (std::vector<int64_t>{34, 33, 33}));
  EXPECT_TRUE(division.shares[0].extra_cent);
  EXPECT_EQ(division.shares[0].remainder, "1");
}

TEST(WorkedExamplesTest, E2CapFirstThenTheRest) {
  Division division =
      CappedLargestRemainder(100000, {{kA, 600, 50000}, {kB, 300, {}}, {kC, 100, {}}});
  EXPECT_EQ(Amounts(division), (std::vector<int64_t>{50000, 37500, 12500}));
  EXPECT_EQ(division.shares[0].outcome, Outcome::kCapped);
  EXPECT_EQ(division.shares[0].capped_in_round, 1);
  EXPECT_EQ(division.remaining_after_caps, 50000);
}

TEST(WorkedExamplesTest, E3MinimumGrantDropsTheSmallest) {
  Division division = AllocateWithMinimum(
      350000, 100000, {{kA, 6000, {}}, {kB, 3000, {}}, {kC, 150, {}}, {kD, 100, {}}});
  EXPECT_EQ(Amounts(division), (std::vector<int64_t>{132787, 116393, 100820, 0}));
  EXPECT_EQ(division.shares[3].outcome, Outcome::kDroppedForMinimum);
  EXPECT_EQ(division.allocated, 350000);
}

TEST(WorkedExamplesTest, E3ThroughTheKinduren2019Rule) {
  PeriodInput input;
  input.terms.budget_cents = 350000;
  input.terms.minimum_grant_cents = 100000;
  // Given in another order: the rule decides in KBO order whatever it is given.
  for (auto [kbo, minutes] :
       std::vector<std::pair<std::string, int64_t>>{{kD, 100}, {kB, 3000}, {kA, 6000}, {kC, 150}}) {
    input.applications.push_back({kbo, {}, {{"act-" + kbo, "11002", 3, minutes}}});
  }
  auto rule = FindRule("KINDUREN_2019");
  ASSERT_TRUE(rule.ok());
  auto allocation = (*rule)->Allocate(input);
  ASSERT_TRUE(allocation.ok()) << allocation.status();
  EXPECT_EQ(Amounts(*allocation), (std::vector<int64_t>{132787, 116393, 100820, 0}));
  EXPECT_EQ(allocation->decisions[0].kbo, kA);
  EXPECT_EQ(allocation->decisions[0].weight, 6000);
  EXPECT_EQ(allocation->unspent_cents, 0);
}

PeriodInput E4(int64_t budget) {
  PeriodInput input;
  input.terms.budget_cents = budget;
  input.terms.parameters = {{"amount_per_municipality_cents", "150000"},
                            {"demand_bonus_permille", "500"},
                            {"minimum_sessions", "1"}};
  input.municipalities_with_demand = {"11002"};
  input.applications = {
      {kA, {}, {{"a1", "11001", 2, 500}, {"a2", "11002", 1, 300}}},
      {kB, {}, {{"b1", "11002", 4, 900}}},
      {kC, 300000, {{"c1", "44021", 1, 60}, {"c2", "44083", 1, 60}, {"c3", "46003", 2, 60}}},
  };
  return input;
}

TEST(WorkedExamplesTest, E4ClaimsFitTheBudget) {
  auto allocation = (*FindRule("GEMEENTE_2020"))->Allocate(E4(1000000));
  ASSERT_TRUE(allocation.ok()) << allocation.status();
  EXPECT_EQ(allocation->method, "CLAIMS_FIT");
  EXPECT_EQ(allocation->decisions[0].claim_cents, 375000);
  EXPECT_EQ(allocation->decisions[1].claim_cents, 225000);
  EXPECT_EQ(allocation->decisions[2].claim_cents, 450000);  // before the cap
  EXPECT_EQ(Amounts(*allocation), (std::vector<int64_t>{375000, 225000, 300000}));
  EXPECT_EQ(allocation->unspent_cents, 100000);
  // The inputs it counted: A's municipalities with their demand flags.
  ASSERT_EQ(allocation->decisions[0].municipalities.size(), 2u);
  EXPECT_FALSE(allocation->decisions[0].municipalities[0].demand);
  EXPECT_TRUE(allocation->decisions[0].municipalities[1].demand);
  EXPECT_EQ(allocation->decisions[0].municipalities[1].claim_cents, 225000);
}

TEST(WorkedExamplesTest, E4ClaimsExceedTheBudget) {
  auto allocation = (*FindRule("GEMEENTE_2020"))->Allocate(E4(500000));
  ASSERT_TRUE(allocation.ok()) << allocation.status();
  EXPECT_EQ(allocation->method, "MINIMUM_GRANT_DIVISION");
  EXPECT_EQ(Amounts(*allocation), (std::vector<int64_t>{208333, 125000, 166667}));
  EXPECT_EQ(allocation->allocated_cents, 500000);
}

TEST(WorkedExamplesTest, GemeenteNeedsEnoughSessionsForATrajectory) {
  PeriodInput input = E4(1000000);
  input.terms.parameters["minimum_sessions"] = "2";
  auto allocation = (*FindRule("GEMEENTE_2020"))->Allocate(input);
  ASSERT_TRUE(allocation.ok());
  // A: only 11001 (2 sessions); B: 11002 (4); C: only 46003 (2).
  EXPECT_EQ(Amounts(*allocation), (std::vector<int64_t>{150000, 225000, 150000}));
}

TEST(RuleRegistryTest, UnknownRulesAndBadParametersAreRefused) {
  EXPECT_EQ(FindRule("LOTTERY_2021").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE((*FindRule("KINDUREN_2019"))->ValidateParameters({{"x", "1"}}).ok());
  EXPECT_FALSE((*FindRule("GEMEENTE_2020"))->ValidateParameters({}).ok());
  EXPECT_FALSE((*FindRule("GEMEENTE_2020"))
                   ->ValidateParameters({{"amount_per_municipality_cents", "1"},
                                         {"demand_bonus_permille", "-5"},
                                         {"minimum_sessions", "1"}})
                   .ok());
  EXPECT_TRUE((*FindRule("GEMEENTE_2020"))
                  ->ValidateParameters({{"amount_per_municipality_cents", "150000"},
                                        {"demand_bonus_permille", "500"},
                                        {"minimum_sessions", "3"}})
                  .ok());
}

}  // namespace
}  // namespace stem::allocation
