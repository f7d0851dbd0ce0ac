#include "contexts/subsidy/audit_replay.h"

#include "contexts/subsidy/subsidy_projector.h"
#include "libs/projection/rebuild.h"
#include "libs/service/command_guard.h"

namespace stem::subsidy {

absl::StatusOr<std::unique_ptr<projection::ProjectionStore>> ReplayUpTo(
    const std::string& directory, eventlog::EventLog& log, const service::Topics& topics,
    const eventlog::Positions& positions, const events::UpcasterRegistry& upcasters,
    const events::FactRules& fact_rules, absl::Time deadline) {
  SubsidyProjectors projectors(topics);
  service::GuardedProjector guarded(projectors.projector(), fact_rules);
  projection::RebuildOptions options;
  options.upcasters = &upcasters;
  options.stop_at = positions;
  return projection::RebuildInto(directory, log, guarded, options, deadline);
}

}  // namespace stem::subsidy
