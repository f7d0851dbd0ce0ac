// "Now" is the suite's clock (rulebook section 1): services never read the system clock
// directly. In production it is the system clock; in the embedded and test modes an operator
// starts it at a chosen instant (e.g. in 2019) and moves it forward, never back.
#ifndef STEM_LIBS_CLOCK_CLOCK_H_
#define STEM_LIBS_CLOCK_CLOCK_H_

#include <memory>
#include <mutex>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/clock/date.h"

namespace stem::clock {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// Starts at a chosen instant and moves only when told to, and only forward.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override;
  // FAILED_PRECONDITION (reason CLOCK_BACKWARDS) when `instant` is before now.
  absl::Status AdvanceTo(absl::Time instant);
  // INVALID_ARGUMENT when `by` is negative.
  absl::Status Advance(absl::Duration by);

 private:
  mutable std::mutex mutex_;
  absl::Time now_;
};

// Europe/Brussels, where local dates and times of the rulebook live.
const absl::TimeZone& Brussels();
// The local date of an instant ("today", "the decision date").
absl::CivilDay LocalDate(absl::Time instant);
// Local date and time in Brussels to an instant (the earlier one in the autumn overlap).
absl::Time FromLocal(absl::CivilSecond local);
// Parses an RFC 3339 instant such as "2019-01-01T00:00:00Z" or "2019-01-01T09:00:00+01:00":
// INSTANT_INVALID for other text, DATE_OUT_OF_RANGE for an instant whose local date lies
// outside the suite's dates (date.h).
absl::StatusOr<absl::Time> ParseInstant(std::string_view text);

// INVALID_ARGUMENT (DATE_OUT_OF_RANGE) when the local date of `instant` lies outside
// FirstDate()..LastDate(); `what` names it.
absl::Status CheckInstantInRange(absl::Time instant, std::string_view what);

}  // namespace stem::clock

#endif  // STEM_LIBS_CLOCK_CLOCK_H_
