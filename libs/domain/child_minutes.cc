#include "libs/domain/child_minutes.h"

#include <algorithm>

namespace stem::domain {

MinuteRange SchoolHours(absl::CivilDay day) {
  constexpr int kStart = 8 * 60 + 30;
  const bool wednesday = absl::GetWeekday(day) == absl::Weekday::wednesday;
  return {kStart, wednesday ? 12 * 60 : 16 * 60};
}

int64_t MinutesOutsideSchoolHours(absl::CivilDay day, MinuteRange session, bool school_day) {
  const int64_t length = std::max(0, session.end - session.start);
  if (!school_day) return length;
  const MinuteRange school = SchoolHours(day);
  const int64_t overlap =
      std::max(0, std::min(session.end, school.end) - std::max(session.start, school.start));
  return length - overlap;
}

SessionChildMinutes ComputeChildMinutes(const SessionFacts& facts) {
  SessionChildMinutes result;
  for (const auto& [age, count] : facts.attendance_by_age) {
    if (age >= kMinEligibleAge && age <= kMaxEligibleAge && count > 0) {
      result.eligible_participants += count;
    }
  }
  result.eligible_minutes =
      MinutesOutsideSchoolHours(facts.date, facts.time, IsSchoolDay(facts.date, facts.calendar));
  if (facts.cancelled) {
    result.zero_reason = ZeroReason::kCancelled;
  } else if (!facts.academy_recognised) {
    result.zero_reason = ZeroReason::kNotRecognised;
  } else if (facts.in_partnership_period) {
    result.zero_reason = ZeroReason::kPartnershipPeriod;
  } else if (result.eligible_minutes == 0) {
    result.zero_reason = ZeroReason::kSchoolHours;
  } else if (result.eligible_participants == 0) {
    result.zero_reason = ZeroReason::kNoEligibleParticipants;
  } else {
    result.child_minutes = result.eligible_participants * result.eligible_minutes;
  }
  return result;
}

}  // namespace stem::domain
