// The child-minutes of the sessions dated in a range, counted by the activity context's
// own calculator (contexts/activity/child_minutes_view.h) over the activity projection that
// runs beside the subsidy projector: the same numbers the activity service answers, with
// the same zero reasons (cancelled, not recognised, partnership period, school hours).
#ifndef STEM_CONTEXTS_SUBSIDY_SESSION_COUNTS_H_
#define STEM_CONTEXTS_SUBSIDY_SESSION_COUNTS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contexts/activity/child_minutes_view.h"
#include "libs/allocation/allocation_rule.h"
#include "libs/projection/projection_store.h"
#include "stem/activity/v1/activity_service.pb.h"

namespace stem::subsidy {

// Visits every session dated in [first, last] of `kbo`'s activities (every academy's when
// `kbo` is empty), in (academy, activity, session) order, with its child-minutes. Adds the
// aggregates the child-minutes were computed from to `consulted` when given.
using SessionVisitor = std::function<void(const activity::v1::Activity& activity,
                                          const activity::v1::ActivitySession& session,
                                          const activity::v1::SessionChildMinutes& minutes)>;
absl::Status VisitSessions(const projection::StateReader& state, const std::string& kbo,
                           absl::CivilDay first, absl::CivilDay last, const SessionVisitor& visit,
                           activity::ConsultedAggregates* consulted = nullptr);

// The allocation's inputs for one academy: per activity with a session dated in
// [first, last], its municipality, the sessions with child-minutes > 0 and their
// child-minutes; in activity-id order. Adds the aggregates they were computed from to
// `consulted` when given.
absl::StatusOr<std::vector<allocation::ActivityInput>> ActivityInputs(
    const projection::StateReader& state, const std::string& kbo, absl::CivilDay first,
    absl::CivilDay last, activity::ConsultedAggregates* consulted = nullptr);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_SESSION_COUNTS_H_
