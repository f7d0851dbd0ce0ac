#include "tools/demo/story_dates.h"

#include "libs/clock/clock.h"

namespace stem::demo::story {

absl::Time Local(absl::CivilDay day, int hour, int minute) {
  return clock::FromLocal(absl::CivilSecond(day.year(), day.month(), day.day(), hour, minute, 0));
}

absl::Time ClockStart() { return Local(kClockStartDay, 9); }

}  // namespace stem::demo::story
