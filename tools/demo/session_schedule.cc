#include "tools/demo/session_schedule.h"

#include <algorithm>

#include "libs/domain/child_minutes.h"

namespace stem::demo {
namespace {

constexpr int kMinutesPerHour = 60;

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

// The times of a pattern's sessions.
SessionTime TimeOf(SessionPattern pattern, absl::CivilDay date) {
  switch (pattern) {
    case SessionPattern::kWednesdayAfternoon:
      return {date, 13 * kMinutesPerHour + 30, 15 * kMinutesPerHour + 30};
    case SessionPattern::kSaturdayMorning:
      return {date, 10 * kMinutesPerHour, 12 * kMinutesPerHour};
    case SessionPattern::kAfterSchool:
      return {date, 16 * kMinutesPerHour + 30, 18 * kMinutesPerHour};
    case SessionPattern::kHolidayCamp:
      break;
  }
  return {date, 9 * kMinutesPerHour + 30, 15 * kMinutesPerHour + 30};
}

}  // namespace

SchoolDays::SchoolDays(const std::vector<domain::SchoolYearCalendar>& calendars) {
  for (const domain::SchoolYearCalendar& calendar : calendars) {
    by_start_year_[calendar.start_year] = calendar;
  }
}

const domain::SchoolYearCalendar* SchoolDays::CalendarOf(absl::CivilDay day) const {
  auto found = by_start_year_.find(domain::SchoolYearOf(day));
  return found == by_start_year_.end() ? nullptr : &found->second;
}

bool SchoolDays::IsSchoolDay(absl::CivilDay day) const {
  return domain::IsSchoolDay(day, CalendarOf(day));
}

bool SchoolDays::IsHoliday(absl::CivilDay day) const {
  const domain::SchoolYearCalendar* calendar = CalendarOf(day);
  if (calendar == nullptr) return false;
  auto contains = [day](const domain::DateRange& range) { return range.Contains(day); };
  return std::any_of(calendar->holidays.begin(), calendar->holidays.end(), contains) ||
         std::any_of(calendar->public_holidays.begin(), calendar->public_holidays.end(), contains);
}

bool SchoolDays::IsPublicHoliday(absl::CivilDay day) const {
  const domain::SchoolYearCalendar* calendar = CalendarOf(day);
  if (calendar == nullptr) return false;
  return std::any_of(calendar->public_holidays.begin(), calendar->public_holidays.end(),
                     [day](const domain::DateRange& range) { return range.Contains(day); });
}

bool SchoolDays::WhollyOutsideSchoolHours(const SessionTime& session) const {
  const int64_t minutes = session.end_minute - session.start_minute;
  return domain::MinutesOutsideSchoolHours(session.date, {session.start_minute, session.end_minute},
                                           IsSchoolDay(session.date)) == minutes;
}

std::vector<domain::DateRange> SchoolDays::HolidaysStartingIn(absl::CivilDay from,
                                                              absl::CivilDay to) const {
  std::vector<domain::DateRange> found;
  for (const auto& [year, calendar] : by_start_year_) {
    for (const domain::DateRange& holiday : calendar.holidays) {
      if (from <= holiday.first && holiday.first <= to) found.push_back(holiday);
    }
  }
  std::sort(found.begin(), found.end(), [](const domain::DateRange& a, const domain::DateRange& b) {
    return a.first < b.first;
  });
  return found;
}

std::vector<SessionTime> WeeklySeries(const SchoolDays& days, SessionPattern pattern,
                                      absl::Weekday weekday, absl::CivilDay from, absl::CivilDay to,
                                      int count) {
  std::vector<SessionTime> sessions;
  absl::CivilDay day = from;
  while (absl::GetWeekday(day) != weekday) ++day;
  for (; day <= to && static_cast<int>(sessions.size()) < count; day += 7) {
    if (days.IsHoliday(day)) continue;
    const SessionTime session = TimeOf(pattern, day);
    // The patterns keep clear of school hours; the check keeps the promise if a calendar
    // ever says otherwise.
    if (days.WhollyOutsideSchoolHours(session)) sessions.push_back(session);
  }
  return sessions;
}

std::vector<SessionTime> HolidayCamp(const SchoolDays& days, const domain::DateRange& holiday,
                                     absl::CivilDay from, int count) {
  std::vector<SessionTime> sessions;
  for (absl::CivilDay day = std::max(from, holiday.first);
       day <= holiday.last && static_cast<int>(sessions.size()) < count; ++day) {
    if (IsWeekend(day) || days.IsSchoolDay(day) || days.IsPublicHoliday(day)) continue;
    const SessionTime session = TimeOf(SessionPattern::kHolidayCamp, day);
    if (days.WhollyOutsideSchoolHours(session)) sessions.push_back(session);
  }
  return sessions;
}

}  // namespace stem::demo
