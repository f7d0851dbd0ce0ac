// Checks of the activity commands before anything is written (rulebook section 3).
#ifndef STEM_CONTEXTS_ACTIVITY_ACTIVITY_VALIDATION_H_
#define STEM_CONTEXTS_ACTIVITY_ACTIVITY_VALIDATION_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/domain/child_minutes.h"
#include "libs/domain/municipalities.h"
#include "stem/activity/v1/activity_service.pb.h"

namespace stem::activity {

inline constexpr int kMaxSessions = 200;
inline constexpr int kMaxSessionMinutes = 12 * 60;

// The registration as a fact, without its activity id: KBO as 10 digits, title trimmed,
// domains sorted and unique, sessions named s1..sN in the order given. Errors, with their
// reasons: KBO_INVALID, TITLE_MISSING, DOMAINS_MISSING, DOMAIN_INVALID, AGE_RANGE_INVALID,
// SESSIONS_COUNT_INVALID, SESSION_TIME_INVALID, MUNICIPALITY_UNKNOWN (the municipality must
// be valid on every session date).
absl::StatusOr<v1::ActivityRegistered> ValidateRegistration(
    const v1::RegisterActivityRequest& request, const domain::MunicipalityRegistry& municipalities);

// The counts sorted by age. INVALID_ARGUMENT (ATTENDANCE_INVALID) for an age outside 0-99,
// an age given twice or a count that is negative (or above a million).
absl::StatusOr<google::protobuf::RepeatedPtrField<v1::AgeCount>> ValidateAttendance(
    const google::protobuf::RepeatedPtrField<v1::AgeCount>& counts);

// INVALID_ARGUMENT (REASON_MISSING) for a cancellation without a reason.
absl::Status RequireReason(const std::string& reason);

// Minutes after midnight of "HH:MM" (00:00-23:59); nullopt for any other text.
std::optional<int> MinutesOfDay(std::string_view hh_mm);

// The session's local minutes; its times were validated before they were written.
domain::MinuteRange SessionMinutes(const v1::Session& session);

// The session's date as stored; DATA_LOSS naming the session when it is unreadable.
absl::StatusOr<absl::CivilDay> SessionDate(const std::string& activity_id,
                                           const v1::Session& session);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_ACTIVITY_VALIDATION_H_
