// The facts of a period's allocation (rulebook section 5): one SubsidyDecided per
// application - amount, rule and parameters, inputs, division trace - and one
// PeriodAllocated, each with the log positions its inputs were read up to.
#ifndef STEM_CONTEXTS_SUBSIDY_ALLOCATION_FACTS_H_
#define STEM_CONTEXTS_SUBSIDY_ALLOCATION_FACTS_H_

#include <vector>

#include "absl/time/civil_time.h"
#include "contexts/subsidy/recompute_allocation.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/log_positions.h"
#include "stem/common/v1/types.pb.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::subsidy {

// In the allocation's order (KBO numbers).
std::vector<v1::SubsidyDecided> DecisionFacts(const RecomputedAllocation& recomputed,
                                              const eventlog::Positions& positions);

v1::PeriodAllocated SummaryFact(const RecomputedAllocation& recomputed,
                                const eventlog::Positions& positions, absl::CivilDay decided_on);

// Positions as the facts record them (libs/events/log_positions.h).
using events::FromLogPositions;
using events::ToLogPositions;

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_ALLOCATION_FACTS_H_
