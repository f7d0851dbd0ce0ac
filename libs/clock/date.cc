#include "libs/clock/date.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"

namespace stem::clock {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Digits(std::string_view text, size_t from, size_t count) {
  int value = 0;
  for (size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

absl::Status OutOfRange(std::string_view what, std::string_view date) {
  return MakeError(absl::StatusCode::kInvalidArgument, "DATE_OUT_OF_RANGE",
                   absl::StrCat(ToAbsl(what), " ", ToAbsl(date), " lies outside ",
                                FormatDate(FirstDate()), "..", FormatDate(LastDate())));
}

}  // namespace

absl::CivilDay FirstDate() { return absl::CivilDay(2000, 1, 1); }
absl::CivilDay LastDate() { return absl::CivilDay(2099, 12, 31); }

bool InDateRange(absl::CivilDay day) { return day >= FirstDate() && day <= LastDate(); }

absl::StatusOr<absl::CivilDay> ParseDate(std::string_view text) {
  const auto invalid = [&] {
    return MakeError(absl::StatusCode::kInvalidArgument, "DATE_INVALID",
                     "not a date written YYYY-MM-DD (e.g. 2019-03-12): " + Quote(text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return invalid();
  }
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  const absl::CivilDay parsed(year, month, day);
  // CivilDay normalises (2019-02-30 becomes 2019-03-02): a real day keeps its fields.
  if (parsed.year() != year || parsed.month() != month || parsed.day() != day) return invalid();
  if (!InDateRange(parsed)) return OutOfRange("date", text);
  return parsed;
}

absl::Status CheckDateInRange(absl::CivilDay day, std::string_view what) {
  if (InDateRange(day)) return absl::OkStatus();
  return OutOfRange(what, FormatDate(day));
}

bool IsDateOutOfRange(const absl::Status& status) {
  return ReasonOf(status) == "DATE_OUT_OF_RANGE";
}

std::string FormatDate(absl::CivilDay day) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", static_cast<long long>(day.year()),
                day.month(), day.day());
  return buffer;
}

absl::StatusOr<absl::CivilDay> ParseStoredDate(std::string_view text, std::string_view what) {
  auto day = ParseDate(text);
  if (day.ok()) return day;
  return absl::DataLossError(absl::StrCat("the stored date of ", ToAbsl(what),
                                          " is unreadable: ", day.status().message()));
}

}  // namespace stem::clock
