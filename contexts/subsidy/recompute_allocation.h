// A period's allocation as a pure function of projected state (rulebook sections 5 and 9):
// the terms the period was opened with, the applications and demand that stand, and the
// child-minutes of the applicants' sessions dated in the period, divided by the period's
// rule (libs/allocation). The allocation command runs it over a snapshot of its store and
// records the snapshot's log positions in every decision; an auditor runs it over a store
// replayed from exactly those records (audit_replay.h) and gets the same decisions.
#ifndef STEM_CONTEXTS_SUBSIDY_RECOMPUTE_ALLOCATION_H_
#define STEM_CONTEXTS_SUBSIDY_RECOMPUTE_ALLOCATION_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "contexts/activity/child_minutes_view.h"
#include "libs/allocation/allocation_rule.h"
#include "libs/projection/projection_store.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

struct RecomputedAllocation {
  v1::Period period;
  // What the rule was given.
  allocation::PeriodInput input;
  // The aggregate version of each standing application, by KBO number.
  std::map<std::string, int64_t> application_versions;
  // By KBO number, the aggregates whose facts made the applicant's input: the period, its
  // application, its activities and what their child-minutes read (recognitions,
  // calendars, partnership approvals), the demand in its activities' municipalities.
  // ExplainDecision lists their facts as the decision's inputs.
  std::map<std::string, activity::ConsultedAggregates> consulted;
  allocation::Allocation allocation;
};

// NOT_FOUND (PERIOD_NOT_FOUND) for an unknown period; FAILED_PRECONDITION
// (RULE_VERSION_CHANGED) when the rule in this build is not the version the period
// recorded; the rule's errors otherwise. Whether the period was allocated already does not
// matter: the answer is what the allocation is, or was, given this state.
absl::StatusOr<RecomputedAllocation> RecomputeAllocationWithInputs(
    const projection::StateReader& state, const std::string& period_id);

absl::StatusOr<allocation::Allocation> RecomputeAllocation(const projection::StateReader& state,
                                                           const std::string& period_id);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_RECOMPUTE_ALLOCATION_H_
