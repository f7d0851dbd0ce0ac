#include "libs/allocation/capped_largest_remainder.h"

#include <gtest/gtest.h>

#include <limits>

namespace stem::allocation {
namespace {

TEST(CappedLargestRemainderTest, ZeroWeightsGetNothing) {
  Division division = CappedLargestRemainder(1000, {{"a", 0, {}}, {"b", 5, {}}});
  EXPECT_EQ(division.shares[0].amount, 0);
  EXPECT_EQ(division.shares[0].outcome, Outcome::kZeroWeight);
  EXPECT_EQ(division.shares[1].amount, 1000);
}

TEST(CappedLargestRemainderTest, CapsCascadeOverRounds) {
  // Round 1 (R = 1000, W = 10): a reaches its cap (1000·5 >= 100·10), b does not
  // (1000·3 < 350·10). Round 2 (R = 900, W = 5): b does (900·3 >= 350·5). Round 3
  // (R = 550, W = 2): nobody; c gets the remaining 550.
  Division division = CappedLargestRemainder(1000, {{"a", 5, 100}, {"b", 3, 350}, {"c", 2, {}}});
  EXPECT_EQ(division.shares[0].amount, 100);
  EXPECT_EQ(division.shares[0].capped_in_round, 1);
  EXPECT_EQ(division.shares[1].amount, 350);
  EXPECT_EQ(division.shares[1].capped_in_round, 2);
  EXPECT_EQ(division.shares[2].amount, 550);
  EXPECT_EQ(division.rounds, 3);
}

TEST(CappedLargestRemainderTest, EveryoneCappedLeavesBudgetUnspent) {
  Division division = CappedLargestRemainder(1000, {{"a", 1, 100}, {"b", 1, 200}});
  EXPECT_EQ(division.allocated, 300);
}

TEST(CappedLargestRemainderTest, ProductsBeyondSixtyFourBits) {
  // 9·10^12 cents times 9·10^12 child-minutes overflows 64 bits; the division is exact.
  const int64_t big = 9'000'000'000'000;
  Division division = CappedLargestRemainder(big, {{"a", big, {}}, {"b", big, {}}, {"c", 1, {}}});
  EXPECT_EQ(division.allocated, big);
  // a and b: floor 4499999999999 with remainder 13500000000001 each; c: floor 0 with
  // remainder 9·10^12. The two leftover cents go to a and b.
  EXPECT_EQ(division.shares[2].amount, 0);
  EXPECT_EQ(division.shares[0].amount + division.shares[1].amount, big);
  EXPECT_EQ(division.shares[0].amount, 4'500'000'000'000);
}

TEST(AllocateWithMinimumTest, CapBelowMinimumGetsNothing) {
  Division division = AllocateWithMinimum(10000, 1000, {{"a", 10, 500}, {"b", 10, {}}});
  EXPECT_EQ(division.shares[0].outcome, Outcome::kCapBelowMinimum);
  EXPECT_EQ(division.shares[0].amount, 0);
  EXPECT_EQ(division.shares[1].amount, 10000);
}

TEST(AllocateWithMinimumTest, CapsAreReducedByTheMinimum) {
  // Both kept: 2 x 1000 = 2000; the rest 8000 divided with caps 1500-1000 = 500 and none.
  Division division = AllocateWithMinimum(10000, 1000, {{"a", 10, 1500}, {"b", 10, {}}});
  EXPECT_EQ(division.shares[0].amount, 1500);
  EXPECT_EQ(division.shares[0].minimum_part, 1000);
  EXPECT_EQ(division.shares[1].amount, 8500);
}

TEST(AllocateWithMinimumTest, BudgetBelowOneMinimumGivesNothing) {
  Division division = AllocateWithMinimum(999, 1000, {{"a", 10, {}}});
  EXPECT_EQ(division.allocated, 0);
  EXPECT_EQ(division.shares[0].outcome, Outcome::kDroppedForMinimum);
}

}  // namespace
}  // namespace stem::allocation
