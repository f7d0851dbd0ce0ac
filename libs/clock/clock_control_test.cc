#include "libs/clock/clock_control.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "libs/common/error.h"

namespace stem::clock {
namespace {

class ClockControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/stem-clock-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ClockControlTest, ManualClockSurvivesARestartAndNeverGoesBack) {
  const std::string state = dir_ + "/clock";
  {
    auto control = *ClockControl::Create({*ParseInstant("2019-01-01T00:00:00Z"), state});
    ASSERT_TRUE(control->AdvanceTo(*ParseInstant("2019-07-01T00:00:00Z")).ok());
  }
  // Restarted with the same start flag: it resumes where it was, not at the flag.
  auto restarted = *ClockControl::Create({*ParseInstant("2019-01-01T00:00:00Z"), state});
  EXPECT_EQ(restarted->clock().Now(), *ParseInstant("2019-07-01T00:00:00Z"));
  // Restarted with a later start: the later instant wins.
  auto later = *ClockControl::Create({*ParseInstant("2020-01-01T00:00:00Z"), state});
  EXPECT_EQ(later->clock().Now(), *ParseInstant("2020-01-01T00:00:00Z"));
}

TEST_F(ClockControlTest, RefusedMoveIsNotPersisted) {
  const std::string state = dir_ + "/clock";
  auto control = *ClockControl::Create({*ParseInstant("2019-06-01T00:00:00Z"), state});
  EXPECT_EQ(ReasonOf(control->AdvanceTo(*ParseInstant("2019-01-01T00:00:00Z"))), "CLOCK_BACKWARDS");
  auto restarted = *ClockControl::Create({*ParseInstant("2018-01-01T00:00:00Z"), state});
  EXPECT_EQ(restarted->clock().Now(), *ParseInstant("2019-06-01T00:00:00Z"));
}

TEST_F(ClockControlTest, UnreadableStateIsAnError) {
  const std::string state = dir_ + "/clock";
  FILE* file = std::fopen(state.c_str(), "w");
  std::fputs("yesterday\n", file);
  std::fclose(file);
  EXPECT_EQ(ClockControl::Create({*ParseInstant("2019-01-01T00:00:00Z"), state}).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(ClockControlTest, StaysWithinTheSuitesDatesAndJumpsAtMostTenYears) {
  EXPECT_EQ(ReasonOf(ClockControl::Create({absl::FromUnixSeconds(0), ""}).status()), "CLOCK_RANGE");
  EXPECT_EQ(ReasonOf(ClockControl::Create({absl::InfiniteFuture(), ""}).status()), "CLOCK_RANGE");
  auto start = ParseInstant("2095-01-01T00:00:00Z");
  auto last_second = ParseInstant("2099-12-31T22:59:59Z");
  ASSERT_TRUE(start.ok() && last_second.ok());
  auto control = ClockControl::Create({*start, ""});
  ASSERT_TRUE(control.ok());
  EXPECT_EQ(ReasonOf((*control)->AdvanceBy(absl::InfiniteDuration())), "CLOCK_RANGE");
  EXPECT_EQ(ReasonOf((*control)->AdvanceBy(absl::Hours(24 * 3654))), "CLOCK_RANGE");
  EXPECT_EQ(ReasonOf((*control)->AdvanceTo(absl::InfiniteFuture())), "CLOCK_RANGE");
  // Six years more would pass 2099-12-31 in Brussels.
  EXPECT_EQ(ReasonOf((*control)->AdvanceBy(absl::Hours(24 * 365 * 6))), "CLOCK_RANGE");
  ASSERT_TRUE((*control)->AdvanceTo(*last_second).ok());
  EXPECT_EQ(ReasonOf((*control)->AdvanceBy(absl::Seconds(1))), "CLOCK_RANGE");
  EXPECT_EQ((*control)->clock().Now(), *last_second);
}

}  // namespace
}  // namespace stem::clock
