#include "libs/clock/clock_control.h"

#include <fstream>
#include <sstream>

#include "libs/common/absl_compat.h"
#include "libs/common/durable_file.h"
#include "libs/common/error.h"

namespace stem::clock {
namespace {

absl::Status NotManual() {
  return MakeError(absl::StatusCode::kFailedPrecondition, "CLOCK_NOT_MANUAL",
                   "this process runs on the system clock; start it with --clock-start to "
                   "move the clock");
}

absl::Status TooFar() {
  return MakeError(absl::StatusCode::kInvalidArgument, "CLOCK_RANGE",
                   "the clock moves at most 3653 days (10 years) at once; move it in steps");
}

std::string Format(absl::Time instant) {
  return absl::FormatTime(absl::RFC3339_full, instant, absl::UTCTimeZone());
}

absl::StatusOr<std::optional<absl::Time>> ReadState(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::optional<absl::Time>();
  std::string text;
  std::getline(in, text);
  auto instant = ParseInstant(text);
  if (!instant.ok()) {
    // (ParseInstant refuses an instant outside the suite's dates too.)
    return absl::DataLossError("clock state file " + path +
                               " is unreadable: " + std::string(instant.status().message()));
  }
  return std::optional<absl::Time>(*instant);
}

// The state file always holds either the old or the new instant, whatever moment the
// process dies.
absl::Status WriteState(const std::string& path, absl::Time instant) {
  if (absl::Status written = WriteFileDurably(path, Format(instant) + "\n"); !written.ok()) {
    return absl::InternalError("cannot persist the clock to " + path + ": " +
                               std::string(written.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckClockInstant(absl::Time instant) {
  absl::Status in_range = CheckInstantInRange(instant, "the clock");
  if (in_range.ok()) return in_range;
  return MakeError(absl::StatusCode::kInvalidArgument, "CLOCK_RANGE", FromAbsl(in_range.message()));
}

absl::StatusOr<std::unique_ptr<ClockControl>> ClockControl::Create(const ClockOptions& options) {
  if (!options.manual_start) {
    return std::unique_ptr<ClockControl>(new ClockControl(nullptr, ""));
  }
  absl::Time start = *options.manual_start;
  if (absl::Status status = CheckClockInstant(start); !status.ok()) return status;
  if (!options.state_file.empty()) {
    auto persisted = ReadState(options.state_file);
    if (!persisted.ok()) return persisted.status();
    if (*persisted && **persisted > start) start = **persisted;
    if (absl::Status status = WriteState(options.state_file, start); !status.ok()) return status;
  }
  return std::unique_ptr<ClockControl>(
      new ClockControl(std::make_unique<ManualClock>(start), options.state_file));
}

const Clock& ClockControl::clock() const {
  if (manual_) return *manual_;
  return system_;
}

absl::Status ClockControl::AdvanceTo(absl::Time instant) {
  if (!manual_) return NotManual();
  std::lock_guard lock(advance_mutex_);
  return AdvanceToLocked(instant);
}

absl::Status ClockControl::AdvanceBy(absl::Duration by) {
  if (!manual_) return NotManual();
  if (by < absl::ZeroDuration()) return manual_->Advance(by);  // the CLOCK_BACKWARDS error
  if (by > kMaxJump) return TooFar();
  std::lock_guard lock(advance_mutex_);
  return AdvanceToLocked(manual_->Now() + by);
}

absl::Status ClockControl::AdvanceToLocked(absl::Time instant) {
  if (instant < manual_->Now()) return manual_->AdvanceTo(instant);  // the CLOCK_BACKWARDS error
  if (absl::Status status = CheckClockInstant(instant); !status.ok()) return status;
  if (instant - manual_->Now() > kMaxJump) return TooFar();
  if (!state_file_.empty()) {
    if (absl::Status status = WriteState(state_file_, instant); !status.ok()) return status;
  }
  return manual_->AdvanceTo(instant);
}

}  // namespace stem::clock
