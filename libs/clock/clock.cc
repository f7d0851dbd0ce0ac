#include "libs/clock/clock.h"

#include <string>

#include "libs/common/absl_compat.h"
#include "libs/common/check.h"
#include "libs/common/error.h"

namespace stem::clock {

absl::Time ManualClock::Now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

absl::Status ManualClock::AdvanceTo(absl::Time instant) {
  std::lock_guard lock(mutex_);
  if (instant < now_) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CLOCK_BACKWARDS",
                     "the clock only moves forward; it is at " +
                         absl::FormatTime(absl::RFC3339_full, now_, absl::UTCTimeZone()));
  }
  now_ = instant;
  return absl::OkStatus();
}

absl::Status ManualClock::Advance(absl::Duration by) {
  if (by < absl::ZeroDuration()) {
    return MakeError(absl::StatusCode::kInvalidArgument, "CLOCK_BACKWARDS",
                     "the clock only moves forward: give a positive duration");
  }
  std::lock_guard lock(mutex_);
  now_ += by;
  return absl::OkStatus();
}

const absl::TimeZone& Brussels() {
  static const absl::TimeZone* const zone = [] {
    auto* tz = new absl::TimeZone;
    // Without tzdata, local dates would silently be UTC dates: refuse to run instead.
    STEM_CHECK(absl::LoadTimeZone("Europe/Brussels", tz), "time zone Europe/Brussels not found");
    return tz;
  }();
  return *zone;
}

absl::CivilDay LocalDate(absl::Time instant) { return absl::ToCivilDay(instant, Brussels()); }

absl::Time FromLocal(absl::CivilSecond local) { return absl::FromCivil(local, Brussels()); }

absl::StatusOr<absl::Time> ParseInstant(std::string_view text) {
  absl::Time instant;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, ToAbsl(text), &instant, &error)) {
    return MakeError(absl::StatusCode::kInvalidArgument, "INSTANT_INVALID",
                     "not an RFC 3339 instant (e.g. 2019-01-01T00:00:00Z): " + std::string(text));
  }
  return instant;
}

absl::StatusOr<absl::CivilDay> ParseDate(std::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(ToAbsl(text), &day)) {
    return MakeError(absl::StatusCode::kInvalidArgument, "DATE_INVALID",
                     "not an ISO date (e.g. 2019-03-12): " + std::string(text));
  }
  return day;
}

}  // namespace stem::clock
