#include "libs/domain/school_calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "libs/common/error.h"
#include "libs/common/shared_data.h"
#include "libs/domain/municipalities.h"

namespace stem::domain {
namespace {

TEST(SchoolCalendarTest, ReadsTheSharedCalendars) {
  std::ifstream in(DefaultSharedDataDir() + "/flemish_school_calendar.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto calendars = ParseSchoolCalendarCsv(text.str());
  ASSERT_TRUE(calendars.ok()) << calendars.status();
  ASSERT_EQ(calendars->size(), 3u);
  EXPECT_EQ((*calendars)[0].start_year, 2018);
  EXPECT_EQ((*calendars)[1].start_year, 2019);
  EXPECT_EQ((*calendars)[2].start_year, 2020);
  EXPECT_EQ((*calendars)[1].holidays.size(), 6u);
  EXPECT_EQ((*calendars)[1].public_holidays.size(), 3u);
}

TEST(SchoolCalendarTest, SchoolYears) {
  EXPECT_EQ(SchoolYearOf(absl::CivilDay(2019, 8, 31)), 2018);
  EXPECT_EQ(SchoolYearOf(absl::CivilDay(2019, 9, 1)), 2019);
  EXPECT_EQ(SchoolYearName(2019), "2019-2020");
}

TEST(SchoolCalendarTest, RejectsRangesOutsideTheYearOrReversed) {
  SchoolYearCalendar calendar{
      2019, {{absl::CivilDay(2019, 8, 30), absl::CivilDay(2019, 9, 2), "x"}}, {}};
  EXPECT_EQ(ReasonOf(ValidateCalendar(calendar)), "CALENDAR_INVALID");
  calendar.holidays = {{absl::CivilDay(2019, 11, 3), absl::CivilDay(2019, 11, 1), "x"}};
  EXPECT_EQ(ReasonOf(ValidateCalendar(calendar)), "CALENDAR_INVALID");
  calendar.holidays = {{absl::CivilDay(2019, 11, 1), absl::CivilDay(2019, 11, 3), "x"}};
  EXPECT_TRUE(ValidateCalendar(calendar).ok());
  EXPECT_FALSE(ParseSchoolCalendarCsv("school_year,kind,first_day,last_day,name_nl\n"
                                      "2019-2021,holiday,2019-11-01,2019-11-03,x\n")
                   .ok());
  EXPECT_FALSE(ParseSchoolCalendarCsv("school_year,kind,first_day,last_day,name_nl\n"
                                      "2019-2020,vacation,2019-11-01,2019-11-03,x\n")
                   .ok());
}

}  // namespace
}  // namespace stem::domain
