// Chooses the suite's clock at start-up and lets an operator move a manual clock forward.
//
// Production: the system clock, which nobody can move. Embedded and test modes: a manual
// clock started at a chosen instant (the --clock-start flag), moved forward by an operator
// (the ClockService), never back. With a state file, the manual clock survives a restart:
// it resumes at the later of the persisted instant and the start flag, so a restart never
// turns the clock back.
//
// A manual clock stays within the suite's dates (date.h: its local date in
// 2000-01-01..2099-12-31) and moves at most kMaxJump at once; anything else is refused
// INVALID_ARGUMENT with reason CLOCK_RANGE (rulebook section 1), at start as when moved.
#ifndef STEM_LIBS_CLOCK_CLOCK_CONTROL_H_
#define STEM_LIBS_CLOCK_CLOCK_CONTROL_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/clock/clock.h"

namespace stem::clock {

struct ClockOptions {
  // Unset: the system clock.
  std::optional<absl::Time> manual_start;
  // Manual mode only; empty: the instant is not kept across restarts.
  std::string state_file;
};

// The most a manual clock moves in one step: a typo of a year (20019) is refused, not obeyed.
inline constexpr absl::Duration kMaxJump = absl::Hours(24 * 3653);

// INVALID_ARGUMENT (CLOCK_RANGE) when the local date of `instant` lies outside the suite's
// dates.
absl::Status CheckClockInstant(absl::Time instant);

class ClockControl {
 public:
  static absl::StatusOr<std::unique_ptr<ClockControl>> Create(const ClockOptions& options);

  const Clock& clock() const;
  bool manual() const { return manual_ != nullptr; }

  // FAILED_PRECONDITION with reason CLOCK_NOT_MANUAL on the system clock; CLOCK_BACKWARDS
  // when the target is before now; CLOCK_RANGE when it lies outside the suite's dates or
  // more than kMaxJump ahead. The new instant is persisted before it is used.
  absl::Status AdvanceTo(absl::Time instant);
  absl::Status AdvanceBy(absl::Duration by);

 private:
  ClockControl(std::unique_ptr<ManualClock> manual, std::string state_file)
      : manual_(std::move(manual)), state_file_(std::move(state_file)) {}
  absl::Status AdvanceToLocked(absl::Time instant);

  SystemClock system_;
  std::unique_ptr<ManualClock> manual_;
  std::string state_file_;
  std::mutex advance_mutex_;
};

}  // namespace stem::clock

#endif  // STEM_LIBS_CLOCK_CLOCK_CONTROL_H_
