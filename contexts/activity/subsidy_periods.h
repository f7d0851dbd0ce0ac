// What the activity service knows of subsidy periods (read from the subsidy context's
// facts): each PeriodOpened under "period/<period id>". Attendance of a session is locked
// after the reporting deadline of the period that contains its date - the earliest, when
// several do (rulebook section 3).
#ifndef STEM_CONTEXTS_ACTIVITY_SUBSIDY_PERIODS_H_
#define STEM_CONTEXTS_ACTIVITY_SUBSIDY_PERIODS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/projection/projection_store.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::activity {

// Keeps PeriodOpened; the other subsidy facts do not concern activities.
absl::Status ProjectSubsidyFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

// The earliest reporting deadline of the periods whose activity dates contain `day`;
// nullopt when no period does.
absl::StatusOr<std::optional<absl::Time>> ReportingDeadline(const projection::StateReader& state,
                                                            absl::CivilDay day);

// FAILED_PRECONDITION (ATTENDANCE_LOCKED) when `now` is past the reporting deadline of
// `day`: reports and cancellations of a session on that day are refused. `what` names the
// session in the message.
absl::Status RequireUnlocked(const projection::StateReader& state, absl::CivilDay day,
                             absl::Time now, const std::string& what);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_SUBSIDY_PERIODS_H_
