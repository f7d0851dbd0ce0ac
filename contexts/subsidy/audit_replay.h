// Recomputing a decision from the log alone (rulebook section 9): every allocation
// decision records the log positions its inputs were read up to. A replay of exactly the
// records before those positions - no later attendance, revocation or approval - through
// the projectors the subsidy service runs, into a fresh store, gives the state the
// decision read; RecomputeAllocation over it gives the decision again.
#ifndef STEM_CONTEXTS_SUBSIDY_AUDIT_REPLAY_H_
#define STEM_CONTEXTS_SUBSIDY_AUDIT_REPLAY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/projection/projection_store.h"
#include "libs/service/topics.h"

namespace stem::subsidy {

// Replays the records before `positions` of the subsidy service's topics, through its
// projectors and the command guard (as a live runtime runs them), into a new store at
// `directory` (which must not hold one).
absl::StatusOr<std::unique_ptr<projection::ProjectionStore>> ReplayUpTo(
    const std::string& directory, eventlog::EventLog& log, const service::Topics& topics,
    const eventlog::Positions& positions, const events::UpcasterRegistry& upcasters,
    const events::FactRules& fact_rules, absl::Time deadline);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_AUDIT_REPLAY_H_
