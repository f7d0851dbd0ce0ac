// The projector each service runs, by the name its store has (host.h), behind the command
// guard as a live runtime runs it: what an audit replays to rebuild a service's state.
#ifndef STEM_SERVICES_AUDIT_SUITE_PROJECTORS_H_
#define STEM_SERVICES_AUDIT_SUITE_PROJECTORS_H_

#include <memory>
#include <string>

#include "libs/events/fact_rules.h"
#include "libs/projection/projector.h"
#include "libs/service/topics.h"

namespace stem::audit {

class ServiceProjector {
 public:
  virtual ~ServiceProjector() = default;
  // Guarded, as in a ServiceRuntime.
  virtual projection::Projector& projector() = 0;
  // Without the guard: for a ServiceRuntime, which adds its own.
  virtual projection::Projector& unguarded() = 0;
};

// Null for a name that is not a rebuildable read model ("tranches" is a trigger: its effects
// are the subsidy service's PaymentOrdered facts, which tranche_audit.h checks).
// The guard checks `fact_rules` (not owned; must outlive the projector).
std::unique_ptr<ServiceProjector> ProjectorFor(const std::string& name,
                                               const service::Topics& topics,
                                               const events::FactRules& fact_rules);

// The name of the service that owns `topic` (its aggregates' commands), or empty.
std::string OwnerOf(const std::string& topic, const service::Topics& topics);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_SUITE_PROJECTORS_H_
