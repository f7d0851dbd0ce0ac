// School days (rulebook section 3). An officer publishes the calendar of a school year
// (1 September - 31 August): its holiday ranges and public holidays. A school day is a
// Monday-Friday outside those; where no calendar is published for a date, every
// Monday-Friday is a school day.
#ifndef STEM_LIBS_DOMAIN_SCHOOL_CALENDAR_H_
#define STEM_LIBS_DOMAIN_SCHOOL_CALENDAR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace stem::domain {

struct DateRange {
  absl::CivilDay first;
  absl::CivilDay last;  // inclusive
  std::string name;

  bool Contains(absl::CivilDay day) const { return first <= day && day <= last; }
};

struct SchoolYearCalendar {
  // 2019 for the school year 2019-2020.
  int start_year = 0;
  std::vector<DateRange> holidays;
  std::vector<DateRange> public_holidays;

  absl::CivilDay FirstDay() const { return absl::CivilDay(start_year, 9, 1); }
  absl::CivilDay LastDay() const { return absl::CivilDay(start_year + 1, 8, 31); }
};

// The school year a date belongs to: 2019 for any date from 2019-09-01 to 2020-08-31.
int SchoolYearOf(absl::CivilDay day);

// "2019-2020" <-> 2019.
std::string SchoolYearName(int start_year);

// INVALID_ARGUMENT with reason CALENDAR_INVALID when a range is empty or reversed or
// leaves the school year.
absl::Status ValidateCalendar(const SchoolYearCalendar& calendar);

// `calendar` is the published calendar of `day`'s school year, or null when none is.
bool IsSchoolDay(absl::CivilDay day, const SchoolYearCalendar* calendar);

// Reads calendars in the format of shared/data/flemish_school_calendar.csv (school_year,
// kind = holiday | public_holiday, first_day, last_day, name_nl), one per school year, in
// year order.
absl::StatusOr<std::vector<SchoolYearCalendar>> ParseSchoolCalendarCsv(const std::string& text);

}  // namespace stem::domain

#endif  // STEM_LIBS_DOMAIN_SCHOOL_CALENDAR_H_
