// The activity service's own records (rulebook section 3): one Activity per activity, kept
// under its academy ("activity/<kbo>/<activity id>") so that an academy's activities are
// one prefix scan, and an index from activity id to academy ("activity-owner/<id>").
// Both are written by the activity's own facts only.
#ifndef STEM_CONTEXTS_ACTIVITY_ACTIVITY_STATE_H_
#define STEM_CONTEXTS_ACTIVITY_ACTIVITY_STATE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::activity {

inline constexpr char kActivityAggregate[] = "activity";

// "act-" + the first 16 hex digits of SHA-256(kbo + "/" + request_id): a retried request
// names the same aggregate, so the command processor answers it from its request record.
std::string ActivityIdFor(const std::string& kbo, const std::string& request_id);

absl::StatusOr<std::optional<v1::Activity>> LoadActivity(const projection::StateReader& state,
                                                         const std::string& activity_id);

// NOT_FOUND (ACTIVITY_NOT_FOUND) when no activity has this id.
absl::StatusOr<v1::Activity> RequireActivity(const projection::StateReader& state,
                                             const std::string& activity_id);

// The session `session_id` of the activity; NOT_FOUND (SESSION_NOT_FOUND) when it has none.
absl::StatusOr<const v1::ActivitySession*> RequireSession(const v1::Activity& activity,
                                                          const std::string& session_id);

// Visits activities in (academy, activity id) order - every academy's when `kbo` is empty -
// until `visit` returns false.
absl::Status ScanActivities(const projection::StateReader& state, const std::string& kbo,
                            const projection::Visitor<v1::Activity>& visit);

// Applies one fact of an activity aggregate (ActivityRegistered, ActivityCancelled,
// SessionCancelled, AttendanceReported).
absl::Status ProjectActivityFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_ACTIVITY_STATE_H_
