#include "libs/clock/clock.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::clock {
namespace {

absl::Time At(std::string_view text) { return *ParseInstant(text); }

TEST(ManualClockTest, StartsWhereToldAndMovesOnlyForward) {
  ManualClock clock(At("2019-01-01T00:00:00Z"));
  EXPECT_EQ(clock.Now(), At("2019-01-01T00:00:00Z"));
  ASSERT_TRUE(clock.Advance(absl::Hours(24)).ok());
  EXPECT_EQ(clock.Now(), At("2019-01-02T00:00:00Z"));
  ASSERT_TRUE(clock.AdvanceTo(At("2019-07-01T08:00:00Z")).ok());
  EXPECT_EQ(clock.Now(), At("2019-07-01T08:00:00Z"));

  absl::Status back = clock.AdvanceTo(At("2019-06-30T00:00:00Z"));
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(back), "CLOCK_BACKWARDS");
  EXPECT_EQ(clock.Advance(absl::Seconds(-1)).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(clock.Now(), At("2019-07-01T08:00:00Z"));
}

TEST(LocalDateTest, UsesBrusselsNotUtc) {
  // 23:30 UTC on 31 December is already 1 January in Brussels (UTC+1 in winter).
  EXPECT_EQ(LocalDate(At("2019-12-31T23:30:00Z")), absl::CivilDay(2020, 1, 1));
  // Summer time: UTC+2.
  EXPECT_EQ(LocalDate(At("2019-06-30T21:59:59Z")), absl::CivilDay(2019, 6, 30));
  EXPECT_EQ(LocalDate(At("2019-06-30T22:00:00Z")), absl::CivilDay(2019, 7, 1));
  EXPECT_EQ(FromLocal(absl::CivilSecond(2019, 3, 12, 15, 0, 0)), At("2019-03-12T14:00:00Z"));
}

TEST(ParseTest, RejectsMalformedInput) {
  EXPECT_EQ(ReasonOf(ParseInstant("2019-13-01T00:00:00Z").status()), "INSTANT_INVALID");
  EXPECT_EQ(ReasonOf(ParseDate("12/03/2019").status()), "DATE_INVALID");
  EXPECT_EQ(*ParseDate("2019-03-12"), absl::CivilDay(2019, 3, 12));
}

}  // namespace
}  // namespace stem::clock
