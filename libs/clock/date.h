// Dates as the rulebook writes them (section 1, "Dates"): YYYY-MM-DD, always 10 characters,
// within 2000-01-01..2099-12-31. The one parser and the one formatter of dates in the suite:
// every date that crosses an edge (a request, a fact, a stored record) goes through them, and
// dates are compared as absl::CivilDay, never as text.
//
// Data read back from the log or a store is input too: a date there that does not parse is an
// error with its context (ParseStoredDate), never a crash.
#ifndef STEM_LIBS_CLOCK_DATE_H_
#define STEM_LIBS_CLOCK_DATE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace stem::clock {

// The first and last day any date of the suite may be.
absl::CivilDay FirstDate();
absl::CivilDay LastDate();

bool InDateRange(absl::CivilDay day);

// Parses "YYYY-MM-DD" (exactly: four-digit year, two-digit month and day, a real calendar
// day). INVALID_ARGUMENT with reason DATE_INVALID for any other text, DATE_OUT_OF_RANGE for a
// well-formed date outside FirstDate()..LastDate(). The message quotes at most 64
// characters of `text`.
absl::StatusOr<absl::CivilDay> ParseDate(std::string_view text);

// INVALID_ARGUMENT (DATE_OUT_OF_RANGE) when `day` - e.g. a date computed from another, such
// as the end of a 3-year recognition - lies outside the range. `what` names it.
absl::Status CheckDateInRange(absl::CivilDay day, std::string_view what);

// Whether `status` is the DATE_OUT_OF_RANGE refusal of ParseDate or ParseInstant, which a
// caller passes on as it is even where it words a malformed date its own way.
bool IsDateOutOfRange(const absl::Status& status);

// "YYYY-MM-DD" for any day in range. Total: a day outside it is written so that ParseDate
// refuses it (a year below 1000 keeps its zeros; a year past 9999 has five digits), so an
// out-of-range day can never be mistaken for another.
std::string FormatDate(absl::CivilDay day);

// ParseDate for a date read back from the log or a store: DATA_LOSS naming `what` (e.g.
// "session s2 of activity act-...") when it does not parse.
absl::StatusOr<absl::CivilDay> ParseStoredDate(std::string_view text, std::string_view what);

}  // namespace stem::clock

#endif  // STEM_LIBS_CLOCK_DATE_H_
