#include "libs/domain/tranches.h"

#include <gtest/gtest.h>

#include <limits>
#include <numeric>
#include <random>

#include "libs/common/error.h"

namespace stem::domain {
namespace {

const std::vector<int32_t> kDefault = {500, 300, 200};

std::vector<int64_t> Split(int64_t amount, const std::vector<int32_t>& permille = kDefault) {
  auto tranches = SplitIntoTranches(amount, permille);
  EXPECT_TRUE(tranches.ok()) << tranches.status();
  return tranches.value_or(std::vector<int64_t>());
}

TEST(TranchesTest, TheExampleOf2019) {
  // EUR 200,000 approved: EUR 100,000 on approval, 60,000 and 40,000 on the reports.
  EXPECT_EQ(Split(20000000), (std::vector<int64_t>{10000000, 6000000, 4000000}));
}

TEST(TranchesTest, TheLastTrancheTakesTheRemainder) {
  // 166,666.5 and 99,999.9 round down; the final tranche takes the 1.6 cents left over.
  EXPECT_EQ(Split(333333), (std::vector<int64_t>{166666, 99999, 66668}));
  EXPECT_EQ(Split(1), (std::vector<int64_t>{0, 0, 1}));
  EXPECT_EQ(Split(0), (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(Split(999, {1000}), (std::vector<int64_t>{999}));
  EXPECT_EQ(Split(100, {0, 1000, 0}), (std::vector<int64_t>{0, 100, 0}));
  EXPECT_EQ(Split(7, {333, 333, 334}), (std::vector<int64_t>{2, 2, 3}));
}

TEST(TranchesTest, TranchesAlwaysAddUpToTheAmountExactly) {
  std::mt19937_64 random(20190101);
  const std::vector<std::vector<int32_t>> schedules = {
      kDefault, {1000}, {1, 999}, {999, 1}, {333, 333, 334}, {0, 0, 1000}, {250, 250, 250, 250}};
  const int64_t largest = std::numeric_limits<int64_t>::max();
  for (const auto& schedule : schedules) {
    for (int64_t amount : {int64_t{0}, int64_t{1}, int64_t{999}, int64_t{1001}, largest - 1,
                           largest, static_cast<int64_t>(random() >> 1)}) {
      std::vector<int64_t> tranches = Split(amount, schedule);
      ASSERT_EQ(tranches.size(), schedule.size());
      // Each tranche fits in what is left, so the running sum never overflows.
      int64_t sum = 0;
      for (size_t i = 0; i < tranches.size(); ++i) {
        EXPECT_GE(tranches[i], 0) << amount;
        ASSERT_LE(tranches[i], amount - sum) << amount;
        sum += tranches[i];
      }
      EXPECT_EQ(sum, amount) << amount;
    }
  }
}

TEST(TranchesTest, EveryTrancheButTheLastIsTheFloorOfItsShare) {
  // Against the plain formula where amount x share fits in 64 bits.
  for (int64_t amount = 0; amount < 5000; amount += 7) {
    std::vector<int64_t> tranches = Split(amount);
    EXPECT_EQ(tranches[0], amount * 500 / 1000);
    EXPECT_EQ(tranches[1], amount * 300 / 1000);
  }
  // And on the largest amounts, where amount x share would overflow 64 bits.
  const int64_t largest = std::numeric_limits<int64_t>::max();  // 9223372036854775807
  std::vector<int64_t> tranches = Split(largest);
  EXPECT_EQ(tranches[0], 4611686018427387903);  // floor(largest / 2)
  EXPECT_EQ(tranches[1], 2767011611056432742);  // floor(largest x 0.3)
  EXPECT_EQ(tranches[2], largest - tranches[0] - tranches[1]);
}

TEST(TranchesTest, SchedulesAndAmountsAreChecked) {
  for (const std::vector<int32_t>& bad :
       std::vector<std::vector<int32_t>>{{}, {500, 300}, {500, 300, 300}, {-1, 1001}, {1001}}) {
    EXPECT_EQ(ReasonOf(ValidateTrancheSchedule(bad)), "TRANCHE_SCHEDULE_INVALID");
    EXPECT_EQ(ReasonOf(SplitIntoTranches(100, bad).status()), "TRANCHE_SCHEDULE_INVALID");
  }
  EXPECT_TRUE(ValidateTrancheSchedule(kDefault).ok());
  EXPECT_EQ(ReasonOf(SplitIntoTranches(-1, kDefault).status()), "AMOUNT_INVALID");
}

}  // namespace
}  // namespace stem::domain
