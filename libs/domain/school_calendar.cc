#include "libs/domain/school_calendar.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/clock/date.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/domain/csv.h"

namespace stem::domain {
namespace {

absl::Status Invalid(const std::string& why) {
  return MakeError(absl::StatusCode::kInvalidArgument, "CALENDAR_INVALID", why);
}

absl::StatusOr<absl::CivilDay> Day(const std::string& text) { return clock::ParseDate(text); }

}  // namespace

int SchoolYearOf(absl::CivilDay day) {
  return static_cast<int>(day.month() >= 9 ? day.year() : day.year() - 1);
}

std::string SchoolYearName(int start_year) { return absl::StrCat(start_year, "-", start_year + 1); }

absl::Status ValidateCalendar(const SchoolYearCalendar& calendar) {
  // Its days lie within the suite's dates (2000-01-01..2099-12-31).
  if (calendar.start_year < 2000 || calendar.start_year > 2098) {
    return Invalid(absl::StrCat("school year ", calendar.start_year, " is out of range"));
  }
  for (const auto* ranges : {&calendar.holidays, &calendar.public_holidays}) {
    for (const DateRange& range : *ranges) {
      if (range.last < range.first) {
        return Invalid(absl::StrCat("range '", range.name, "' ends before it starts"));
      }
      if (range.first < calendar.FirstDay() || range.last > calendar.LastDay()) {
        return Invalid(absl::StrCat("range '", range.name, "' (", clock::FormatDate(range.first),
                                    " - ", clock::FormatDate(range.last),
                                    ") is outside the school year ",
                                    SchoolYearName(calendar.start_year)));
      }
    }
  }
  return absl::OkStatus();
}

bool IsSchoolDay(absl::CivilDay day, const SchoolYearCalendar* calendar) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  if (weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday) return false;
  if (calendar == nullptr) return true;
  for (const auto* ranges : {&calendar->holidays, &calendar->public_holidays}) {
    for (const DateRange& range : *ranges) {
      if (range.Contains(day)) return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<SchoolYearCalendar>> ParseSchoolCalendarCsv(const std::string& text) {
  auto rows = ParseCsv(text, "school calendar",
                       {"school_year", "kind", "first_day", "last_day", "name_nl"});
  if (!rows.ok()) return rows.status();
  std::map<int, SchoolYearCalendar> years;
  for (CsvRow& row : *rows) {
    int start_year = 0;
    const std::string& year = row["school_year"];
    if (year.size() != 9 || !absl::SimpleAtoi(ToAbsl(year.substr(0, 4)), &start_year) ||
        year != SchoolYearName(start_year)) {
      return Invalid("not a school year like 2019-2020: " + year);
    }
    auto first = Day(row["first_day"]);
    if (!first.ok()) return first.status();
    auto last = Day(row["last_day"]);
    if (!last.ok()) return last.status();
    SchoolYearCalendar& calendar = years[start_year];
    calendar.start_year = start_year;
    DateRange range{*first, *last, row["name_nl"]};
    if (row["kind"] == "holiday") {
      calendar.holidays.push_back(range);
    } else if (row["kind"] == "public_holiday") {
      calendar.public_holidays.push_back(range);
    } else {
      return Invalid("kind must be holiday or public_holiday, not " + row["kind"]);
    }
  }
  std::vector<SchoolYearCalendar> result;
  for (auto& [start_year, calendar] : years) {
    if (absl::Status status = ValidateCalendar(calendar); !status.ok()) return status;
    result.push_back(std::move(calendar));
  }
  return result;
}

}  // namespace stem::domain
