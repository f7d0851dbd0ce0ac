#include "libs/domain/child_minutes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "libs/common/shared_data.h"
#include "libs/domain/municipalities.h"

namespace stem::domain {
namespace {

const SchoolYearCalendar& Calendar2018() {
  static const SchoolYearCalendar calendar = [] {
    std::ifstream in(DefaultSharedDataDir() + "/flemish_school_calendar.csv");
    std::stringstream text;
    text << in.rdbuf();
    auto calendars = ParseSchoolCalendarCsv(text.str());
    EXPECT_TRUE(calendars.ok()) << calendars.status();
    return calendars->at(0);
  }();
  return calendar;
}

MinuteRange Time(int start_hour, int start_minute, int end_hour, int end_minute) {
  return {start_hour * 60 + start_minute, end_hour * 60 + end_minute};
}

// The rulebook's example: Tuesday 12 March 2019 (a school day), 15:00-17:00, attendance
// {4: 2, 8: 10, 12: 5, 19: 1}: eligible participants 15, eligible minutes 60, child-minutes 900.
TEST(ChildMinutesTest, RulebookExample) {
  SessionFacts facts;
  facts.date = absl::CivilDay(2019, 3, 12);
  facts.time = Time(15, 0, 17, 0);
  facts.calendar = &Calendar2018();
  facts.attendance_by_age = {{4, 2}, {8, 10}, {12, 5}, {19, 1}};
  SessionChildMinutes result = ComputeChildMinutes(facts);
  EXPECT_EQ(result.eligible_participants, 15);
  EXPECT_EQ(result.eligible_minutes, 60);
  EXPECT_EQ(result.child_minutes, 900);
  EXPECT_EQ(result.zero_reason, ZeroReason::kNone);
}

TEST(ChildMinutesTest, WednesdayAfternoonIsOutsideSchoolHours) {
  // Wednesday 13 March 2019, 12:00-14:00: all 120 minutes count.
  EXPECT_EQ(MinutesOutsideSchoolHours(absl::CivilDay(2019, 3, 13), Time(12, 0, 14, 0), true), 120);
  EXPECT_EQ(MinutesOutsideSchoolHours(absl::CivilDay(2019, 3, 13), Time(11, 0, 13, 0), true), 60);
}

TEST(ChildMinutesTest, HolidaysWeekendsAndPublicHolidaysAreNotSchoolDays) {
  const SchoolYearCalendar* calendar = &Calendar2018();
  EXPECT_FALSE(IsSchoolDay(absl::CivilDay(2019, 3, 5), calendar));   // krokusvakantie
  EXPECT_FALSE(IsSchoolDay(absl::CivilDay(2019, 5, 1), calendar));   // Feest van de Arbeid
  EXPECT_FALSE(IsSchoolDay(absl::CivilDay(2019, 3, 16), calendar));  // Saturday
  EXPECT_TRUE(IsSchoolDay(absl::CivilDay(2019, 3, 12), calendar));
  // Without a published calendar every Monday-Friday is a school day.
  EXPECT_TRUE(IsSchoolDay(absl::CivilDay(2019, 3, 5), nullptr));
  EXPECT_FALSE(IsSchoolDay(absl::CivilDay(2019, 3, 16), nullptr));
  // During the krokusvakantie a 10:00-12:00 session counts fully.
  SessionFacts facts;
  facts.date = absl::CivilDay(2019, 3, 5);
  facts.time = Time(10, 0, 12, 0);
  facts.calendar = calendar;
  facts.attendance_by_age = {{10, 3}};
  EXPECT_EQ(ComputeChildMinutes(facts).child_minutes, 360);
}

TEST(ChildMinutesTest, ReasonsForZero) {
  SessionFacts facts;
  facts.date = absl::CivilDay(2019, 3, 12);
  facts.time = Time(9, 0, 11, 0);
  facts.attendance_by_age = {{10, 3}};
  EXPECT_EQ(ComputeChildMinutes(facts).zero_reason, ZeroReason::kSchoolHours);
  facts.time = Time(16, 0, 18, 0);
  facts.attendance_by_age = {{4, 3}, {19, 2}};
  EXPECT_EQ(ComputeChildMinutes(facts).zero_reason, ZeroReason::kNoEligibleParticipants);
  facts.attendance_by_age = {{10, 3}};
  facts.in_partnership_period = true;
  EXPECT_EQ(ComputeChildMinutes(facts).zero_reason, ZeroReason::kPartnershipPeriod);
  facts.academy_recognised = false;
  EXPECT_EQ(ComputeChildMinutes(facts).zero_reason, ZeroReason::kNotRecognised);
  facts.cancelled = true;
  SessionChildMinutes cancelled = ComputeChildMinutes(facts);
  EXPECT_EQ(cancelled.zero_reason, ZeroReason::kCancelled);
  EXPECT_EQ(cancelled.child_minutes, 0);
  // The breakdown still shows what would have counted.
  EXPECT_EQ(cancelled.eligible_participants, 3);
  EXPECT_EQ(cancelled.eligible_minutes, 120);
}

// Properties over random sessions: never negative; cancelled is 0; only minutes outside
// school hours count; ages outside 5..18 never count.
TEST(ChildMinutesPropertyTest, RandomSessions) {
  const uint32_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  auto uniform = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  for (int i = 0; i < 20000; ++i) {
    SessionFacts facts;
    facts.date = absl::CivilDay(2018, 9, 1) + uniform(0, 3 * 365);
    const int start = uniform(0, 24 * 60 - 1);
    facts.time = {start, std::min(24 * 60, start + uniform(1, 12 * 60))};
    facts.cancelled = uniform(0, 9) == 0;
    facts.academy_recognised = uniform(0, 9) != 0;
    facts.in_partnership_period = uniform(0, 9) == 0;
    facts.calendar = SchoolYearOf(facts.date) == 2018 ? &Calendar2018() : nullptr;
    int64_t eligible = 0;
    for (int n = uniform(0, 6); n > 0; --n) {
      const int age = uniform(0, 99);
      const int count = uniform(0, 30);
      facts.attendance_by_age[age] += count;
    }
    for (const auto& [age, count] : facts.attendance_by_age) {
      if (age >= 5 && age <= 18) eligible += count;
    }
    const SessionChildMinutes result = ComputeChildMinutes(facts);
    ASSERT_GE(result.child_minutes, 0);
    ASSERT_EQ(result.eligible_participants, eligible);
    if (facts.cancelled) {
      ASSERT_EQ(result.child_minutes, 0);
    }
    // Only minutes outside school hours: count them minute by minute.
    const bool school_day = IsSchoolDay(facts.date, facts.calendar);
    const MinuteRange school = SchoolHours(facts.date);
    int64_t outside = 0;
    for (int minute = facts.time.start; minute < facts.time.end; ++minute) {
      if (!school_day || minute < school.start || minute >= school.end) ++outside;
    }
    ASSERT_EQ(result.eligible_minutes, outside);
    const bool counts =
        !facts.cancelled && facts.academy_recognised && !facts.in_partnership_period;
    ASSERT_EQ(result.child_minutes, counts ? eligible * outside : 0);
  }
}

}  // namespace
}  // namespace stem::domain
