// `audit replay` (rulebook section 9): read the whole log; verify every aggregate's hash
// chain; rebuild each service's projection into a fresh store up to the positions of its
// live store and compare checksums; name every fact a projection set aside and every live
// projection that has stopped; compare each chain's last fact with the live store's record
// of it; recompute every allocation and every tranche. The report lists what diverged, the
// first divergence first; it passes only when nothing did.
#ifndef STEM_SERVICES_AUDIT_REPLAY_AUDIT_H_
#define STEM_SERVICES_AUDIT_REPLAY_AUDIT_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/projection/projection_store.h"
#include "libs/service/topics.h"
#include "stem/audit/v1/audit_service.pb.h"

namespace stem::audit {

// A live projection as its process reports it (stem.ops.v1 ProjectionService).
struct LiveProjection {
  std::string name;
  std::string checksum;
  eventlog::Positions positions;
  // In-process only (not owned): the live store itself, to name the aggregate whose last
  // fact the log no longer holds as the store applied it.
  const projection::ProjectionStore* store = nullptr;
  // Why the projection stopped; empty while it runs.
  std::string stopped;
};

struct ReplayAuditContext {
  eventlog::EventLog& log;
  service::Topics topics;
  const events::UpcasterRegistry& upcasters;
  const events::FactRules& fact_rules;
  // Rebuilt stores go under here (one directory per replay); the caller removes it.
  std::string scratch_dir;
  absl::Time deadline;
  std::function<void(const v1::AuditProgress&)> progress;
};

absl::StatusOr<v1::AuditReport> RunReplayAudit(const ReplayAuditContext& context,
                                               const std::vector<LiveProjection>& live);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_REPLAY_AUDIT_H_
