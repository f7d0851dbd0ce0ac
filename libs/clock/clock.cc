#include "libs/clock/clock.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/check.h"
#include "libs/common/error.h"
#include "libs/common/text.h"

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
                     "not an RFC 3339 instant (e.g. 2019-01-01T00:00:00Z): " + Quote(text));
  }
  if (absl::Status in_range = CheckInstantInRange(instant, "instant"); !in_range.ok()) {
    return in_range;
  }
  return instant;
}

absl::Status CheckInstantInRange(absl::Time instant, std::string_view what) {
  // Before the ToCivilDay of an instant far out (absl::InfiniteFuture() included).
  if (instant < FromLocal(absl::CivilSecond(FirstDate())) ||
      instant >= FromLocal(absl::CivilSecond(LastDate() + 1))) {
    return MakeError(
        absl::StatusCode::kInvalidArgument, "DATE_OUT_OF_RANGE",
        absl::StrCat(ToAbsl(what), " ",
                     absl::FormatTime(absl::RFC3339_full, instant, absl::UTCTimeZone()),
                     " lies outside ", FormatDate(FirstDate()), "..", FormatDate(LastDate()),
                     " (Europe/Brussels)"));
  }
  return absl::OkStatus();
}

}  // namespace stem::clock
