// Properties of the allocation over random inputs (seeded; the seed is printed and can be
// set with STEM_ALLOCATION_SEED): the total equals min(budget, the sum of caps/claims), no
// application gets more than its cap, the minimum grant holds, shuffling the input changes
// nothing, and the same inputs give the same decisions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

#include "libs/allocation/allocation_rule.h"
#include "libs/allocation/capped_largest_remainder.h"

namespace stem::allocation {
namespace {

uint32_t Seed() {
  const char* configured = std::getenv("STEM_ALLOCATION_SEED");
  return configured != nullptr ? static_cast<uint32_t>(std::strtoul(configured, nullptr, 10))
                               : std::random_device{}();
}

class AllocationPropertyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_ = Seed();
    std::printf("STEM_ALLOCATION_SEED=%u\n", seed_);
    random_.seed(seed_);
  }
  int64_t Uniform(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(random_);
  }
  std::string Kbo(int i) { return "0" + std::to_string(100000000 + i * 7919); }

  std::vector<Share> RandomShares(bool all_capped) {
    std::vector<Share> shares;
    const int count = static_cast<int>(Uniform(1, 40));
    for (int i = 0; i < count; ++i) {
      Share share{Kbo(i), Uniform(0, 3) == 0 ? 0 : Uniform(1, 5'000'000), {}};
      if (all_capped || Uniform(0, 2) == 0) share.cap = Uniform(0, 20'000'000);
      shares.push_back(share);
    }
    return shares;
  }

  uint32_t seed_ = 0;
  std::mt19937_64 random_;
};

TEST_F(AllocationPropertyTest, CappedLargestRemainder) {
  for (int round = 0; round < 2000; ++round) {
    const bool all_capped = round % 2 == 0;
    std::vector<Share> shares = RandomShares(all_capped);
    const int64_t budget = Uniform(0, 100'000'000);
    Division division = CappedLargestRemainder(budget, shares);
    int64_t caps_of_weighted = 0;
    bool any_uncapped = false;
    for (size_t i = 0; i < shares.size(); ++i) {
      const ShareResult& result = division.shares[i];
      ASSERT_GE(result.amount, 0);
      if (shares[i].cap) {
        ASSERT_LE(result.amount, *shares[i].cap) << "seed " << seed_;
      }
      if (shares[i].weight == 0) {
        ASSERT_EQ(result.amount, 0);
      }
      if (shares[i].weight > 0) {
        if (shares[i].cap) {
          caps_of_weighted += *shares[i].cap;
        } else {
          any_uncapped = true;
        }
      }
    }
    const bool anyone =
        std::any_of(shares.begin(), shares.end(), [](const Share& s) { return s.weight > 0; });
    const int64_t expected = !anyone        ? 0
                             : any_uncapped ? budget
                                            : std::min(budget, caps_of_weighted);
    ASSERT_EQ(division.allocated, expected) << "seed " << seed_ << " round " << round;
  }
}

TEST_F(AllocationPropertyTest, MinimumGrant) {
  for (int round = 0; round < 2000; ++round) {
    std::vector<Share> shares = RandomShares(round % 2 == 0);
    const int64_t budget = Uniform(0, 100'000'000);
    const int64_t minimum = Uniform(1, 5'000'000);
    Division division = AllocateWithMinimum(budget, minimum, shares);
    int kept = 0;
    int64_t caps_of_kept = 0;
    bool kept_uncapped = false;
    for (size_t i = 0; i < shares.size(); ++i) {
      const ShareResult& result = division.shares[i];
      ASSERT_TRUE(result.amount == 0 || result.amount >= minimum) << "seed " << seed_;
      if (shares[i].cap) {
        ASSERT_LE(result.amount, *shares[i].cap) << "seed " << seed_;
      }
      if (result.minimum_part > 0) {
        ++kept;
        if (shares[i].cap) {
          caps_of_kept += *shares[i].cap;
        } else {
          kept_uncapped = true;
        }
      }
    }
    ASSERT_LE(static_cast<int64_t>(kept) * minimum, budget);
    const int64_t expected = kept == 0       ? 0
                             : kept_uncapped ? budget
                                             : std::min(budget, caps_of_kept);
    ASSERT_EQ(division.allocated, expected) << "seed " << seed_ << " round " << round;
    // Dropping goes from the smallest weights: a kept app never weighs less than a
    // dropped one (ties: the lower KBO number is kept).
    for (size_t i = 0; i < shares.size(); ++i) {
      if (division.shares[i].outcome != Outcome::kDroppedForMinimum) continue;
      for (size_t j = 0; j < shares.size(); ++j) {
        if (division.shares[j].minimum_part == 0) continue;
        ASSERT_TRUE(shares[j].weight > shares[i].weight ||
                    (shares[j].weight == shares[i].weight && shares[j].key < shares[i].key));
      }
    }
  }
}

PeriodInput RandomPeriod(std::mt19937_64& random, bool gemeente) {
  auto uniform = [&](int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(random);
  };
  PeriodInput input;
  input.terms.budget_cents = uniform(0, 50'000'000);
  input.terms.minimum_grant_cents = uniform(0, 1) ? uniform(0, 200'000) : 0;
  if (uniform(0, 1)) input.terms.academy_cap_cents = uniform(0, 10'000'000);
  if (gemeente) {
    input.terms.parameters = {
        {"amount_per_municipality_cents", std::to_string(uniform(0, 500'000))},
        {"demand_bonus_permille", std::to_string(uniform(0, 1000))},
        {"minimum_sessions", std::to_string(uniform(1, 5))}};
    for (int i = 0; i < 20; ++i) {
      if (uniform(0, 1)) input.municipalities_with_demand.insert(std::to_string(11000 + i));
    }
  }
  const int count = static_cast<int>(uniform(1, 30));
  for (int i = 0; i < count; ++i) {
    ApplicationInput application;
    application.kbo = "0" + std::to_string(200000000 + i * 104729);
    if (uniform(0, 2) == 0) application.requested_cents = uniform(0, 8'000'000);
    for (int a = static_cast<int>(uniform(0, 5)); a > 0; --a) {
      application.activities.push_back({"act", std::to_string(11000 + uniform(0, 19)),
                                        static_cast<int32_t>(uniform(0, 8)), uniform(0, 200'000)});
    }
    input.applications.push_back(application);
  }
  return input;
}

TEST_F(AllocationPropertyTest, RulesIgnoreOrderAndRepeatThemselves) {
  for (const char* rule_id : {"KINDUREN_2019", "GEMEENTE_2020"}) {
    const AllocationRule* rule = *FindRule(rule_id);
    for (int round = 0; round < 500; ++round) {
      PeriodInput input = RandomPeriod(random_, std::string(rule_id) == "GEMEENTE_2020");
      auto first = rule->Allocate(input);
      ASSERT_TRUE(first.ok()) << first.status();
      std::shuffle(input.applications.begin(), input.applications.end(), random_);
      for (ApplicationInput& application : input.applications) {
        std::shuffle(application.activities.begin(), application.activities.end(), random_);
      }
      auto shuffled = rule->Allocate(input);
      auto again = rule->Allocate(input);
      ASSERT_TRUE(shuffled.ok() && again.ok());
      std::map<std::string, int64_t> by_kbo;
      int64_t total = 0;
      for (const Decision& decision : first->decisions) {
        by_kbo[decision.kbo] = decision.amount_cents;
        total += decision.amount_cents;
        if (decision.cap_cents) {
          ASSERT_LE(decision.amount_cents, *decision.cap_cents);
        }
        ASSERT_TRUE(decision.amount_cents == 0 ||
                    decision.amount_cents >= input.terms.minimum_grant_cents);
      }
      ASSERT_LE(total, input.terms.budget_cents);
      ASSERT_EQ(total + first->unspent_cents, input.terms.budget_cents);
      for (size_t i = 0; i < shuffled->decisions.size(); ++i) {
        ASSERT_EQ(shuffled->decisions[i].amount_cents, by_kbo[shuffled->decisions[i].kbo])
            << rule_id << " seed " << seed_;
        ASSERT_EQ(again->decisions[i].amount_cents, shuffled->decisions[i].amount_cents);
      }
    }
  }
}

}  // namespace
}  // namespace stem::allocation
