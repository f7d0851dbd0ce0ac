// Child-minutes of a session (rulebook section 3): the integer behind KIND-uren.
//
//   child-minutes = eligible participants x eligible minutes
//   eligible participants = participants aged 5 to 18 inclusive
//   eligible minutes = the session's minutes outside school hours
// and 0 when the session or its activity is cancelled, the academy is not recognised on
// the session date, or the academy is lead or partner of an approved STEM-partnership whose
// project period contains the date (no double funding).
#ifndef STEM_LIBS_DOMAIN_CHILD_MINUTES_H_
#define STEM_LIBS_DOMAIN_CHILD_MINUTES_H_

#include <cstdint>
#include <map>

#include "absl/time/civil_time.h"
#include "libs/domain/school_calendar.h"

namespace stem::domain {

inline constexpr int kMinEligibleAge = 5;
inline constexpr int kMaxEligibleAge = 18;

// School hours: 08:30-16:00 on a school day, 08:30-12:00 on a Wednesday.
struct MinuteRange {
  int start = 0;  // minutes after local midnight
  int end = 0;
};
MinuteRange SchoolHours(absl::CivilDay day);

// Minutes of [start, end) (local minutes after midnight) outside school hours.
int64_t MinutesOutsideSchoolHours(absl::CivilDay day, MinuteRange session, bool school_day);

// Why a session counts 0 (the first that applies, in this order).
enum class ZeroReason {
  kNone,
  kCancelled,
  kNotRecognised,
  kPartnershipPeriod,
  kSchoolHours,             // every minute of it is in school hours
  kNoEligibleParticipants,  // nobody aged 5-18 (or no attendance reported)
};

struct SessionFacts {
  absl::CivilDay date;
  MinuteRange time;
  bool cancelled = false;  // the session or its activity
  bool academy_recognised = true;
  bool in_partnership_period = false;
  // The published calendar of the date's school year, or null.
  const SchoolYearCalendar* calendar = nullptr;
  // Participants per age in whole years.
  std::map<int, int64_t> attendance_by_age;
};

struct SessionChildMinutes {
  int64_t eligible_participants = 0;
  int64_t eligible_minutes = 0;
  int64_t child_minutes = 0;
  ZeroReason zero_reason = ZeroReason::kNone;
};

SessionChildMinutes ComputeChildMinutes(const SessionFacts& facts);

}  // namespace stem::domain

#endif  // STEM_LIBS_DOMAIN_CHILD_MINUTES_H_
