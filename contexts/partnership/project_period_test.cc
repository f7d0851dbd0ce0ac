#include "contexts/partnership/project_period.h"

#include <gtest/gtest.h>

namespace stem::partnership {
namespace {

using absl::CivilDay;

v1::CallOpened Call2019() {
  v1::CallOpened call;
  call.set_duration_months(24);
  call.set_latest_start_months(3);
  call.set_interim_due_months(12);
  call.set_final_due_months_after_end(3);
  return call;
}

TEST(ProjectPeriodTest, MonthsKeepTheDayNumberOrTakeTheMonthsLastDay) {
  EXPECT_EQ(AddMonths(CivilDay(2019, 9, 1), 24), CivilDay(2021, 9, 1));
  EXPECT_EQ(AddMonths(CivilDay(2019, 1, 31), 1), CivilDay(2019, 2, 28));
  EXPECT_EQ(AddMonths(CivilDay(2019, 11, 30), 3), CivilDay(2020, 2, 29));
  EXPECT_EQ(AddMonths(CivilDay(2020, 2, 29), 12), CivilDay(2021, 2, 28));
  EXPECT_EQ(AddMonths(CivilDay(2021, 8, 31), 3), CivilDay(2021, 11, 30));
  EXPECT_EQ(AddMonths(CivilDay(2019, 6, 3), 0), CivilDay(2019, 6, 3));
}

TEST(ProjectPeriodTest, AProjectEndsTheDayBeforeItsAnniversary) {
  // The rulebook's example.
  EXPECT_EQ(PeriodEnd(CivilDay(2019, 9, 1), 24), CivilDay(2021, 8, 31));
  // From the last day of a month: the day before the same day number.
  EXPECT_EQ(PeriodEnd(CivilDay(2019, 8, 31), 24), CivilDay(2021, 8, 30));
  EXPECT_EQ(PeriodEnd(CivilDay(2019, 1, 1), 24), CivilDay(2020, 12, 31));
  // Where the anniversary does not exist, the month's last day stands for it, as
  // 29 February stands for a recognition's anniversary (rulebook section 2).
  EXPECT_EQ(PeriodEnd(CivilDay(2020, 2, 29), 24), CivilDay(2022, 2, 27));
  EXPECT_EQ(PeriodEnd(CivilDay(2019, 12, 31), 2), CivilDay(2020, 2, 28));
  EXPECT_EQ(PeriodEnd(CivilDay(2019, 3, 31), 6), CivilDay(2019, 9, 29));
}

TEST(ProjectPeriodTest, TheLatestStartAndTheReportsDueCountFromTheirDays) {
  const v1::CallOpened call = Call2019();
  EXPECT_EQ(LatestStart(call, CivilDay(2019, 6, 3)), CivilDay(2019, 9, 3));
  EXPECT_EQ(LatestStart(call, CivilDay(2019, 11, 30)), CivilDay(2020, 2, 29));
  const CivilDay start(2019, 9, 1);
  const CivilDay end = PeriodEnd(start, call.duration_months());
  EXPECT_EQ(ReportDueDate(call, v1::REPORT_KIND_INTERIM, start, end), CivilDay(2020, 9, 1));
  EXPECT_EQ(ReportDueDate(call, v1::REPORT_KIND_FINAL, start, end), CivilDay(2021, 11, 30));
  const CivilDay late(2019, 8, 31);
  EXPECT_EQ(ReportDueDate(call, v1::REPORT_KIND_INTERIM, late, PeriodEnd(late, 24)),
            CivilDay(2020, 8, 31));
}

}  // namespace
}  // namespace stem::partnership
