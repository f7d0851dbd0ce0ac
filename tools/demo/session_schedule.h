// Session dates and times that lie wholly outside school hours (rulebook section 3), found
// with the school calendars the officer publishes: weekly series on Wednesday afternoons,
// Saturdays or after school, and holiday camps.
#ifndef STEM_TOOLS_DEMO_SESSION_SCHEDULE_H_
#define STEM_TOOLS_DEMO_SESSION_SCHEDULE_H_

#include <map>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/domain/school_calendar.h"

namespace stem::demo {

struct SessionTime {
  absl::CivilDay date;
  // Minutes after local midnight, [start, end).
  int start_minute = 0;
  int end_minute = 0;
};

// The school days of the school years whose calendars are known.
class SchoolDays {
 public:
  explicit SchoolDays(const std::vector<domain::SchoolYearCalendar>& calendars);

  bool IsSchoolDay(absl::CivilDay day) const;
  // Inside a holiday range or on a public holiday (children are off school; weekends are
  // not holidays here).
  bool IsHoliday(absl::CivilDay day) const;
  bool IsPublicHoliday(absl::CivilDay day) const;
  // Every minute of the session is outside school hours: all of it counts.
  bool WhollyOutsideSchoolHours(const SessionTime& session) const;
  // The holiday ranges that start within [from, to], by date.
  std::vector<domain::DateRange> HolidaysStartingIn(absl::CivilDay from, absl::CivilDay to) const;

 private:
  const domain::SchoolYearCalendar* CalendarOf(absl::CivilDay day) const;

  std::map<int, domain::SchoolYearCalendar> by_start_year_;
};

// The ways an academy schedules its sessions.
enum class SessionPattern {
  kWednesdayAfternoon,  // 13:30-15:30 (school ends at 12:00 on Wednesdays)
  kSaturdayMorning,     // 10:00-12:00
  kAfterSchool,         // 16:30-18:00 on a Monday, Tuesday, Thursday or Friday
  kHolidayCamp,         // consecutive weekdays of a holiday, 09:30-15:30
};

// Up to `count` weekly sessions of `pattern` (not kHolidayCamp) on `weekday` from `from`
// to `to` (inclusive), skipping holidays as academies do.
std::vector<SessionTime> WeeklySeries(const SchoolDays& days, SessionPattern pattern,
                                      absl::Weekday weekday, absl::CivilDay from, absl::CivilDay to,
                                      int count);

// Up to `count` consecutive weekdays of `holiday` from `from` on, public holidays left out.
std::vector<SessionTime> HolidayCamp(const SchoolDays& days, const domain::DateRange& holiday,
                                     absl::CivilDay from, int count);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_SESSION_SCHEDULE_H_
