// Recomputing every period allocation from the log (rulebook sections 5 and 9): a replay of
// exactly the records each PeriodAllocated says its inputs were read up to, through the
// subsidy service's projectors, divided by the recorded rule, must give the recorded
// decisions and summary field for field.
#ifndef STEM_SERVICES_AUDIT_ALLOCATION_AUDIT_H_
#define STEM_SERVICES_AUDIT_ALLOCATION_AUDIT_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/service/topics.h"
#include "services/audit/audited_facts.h"
#include "stem/audit/v1/audit_service.pb.h"

namespace stem::audit {

struct AllocationAuditResult {
  std::vector<v1::DecisionCheck> checks;
  std::vector<v1::Divergence> divergences;
};

struct AllocationAuditContext {
  eventlog::EventLog& log;
  const service::Topics& topics;
  const events::UpcasterRegistry& upcasters;
  const events::FactRules& fact_rules;
  // Replays go into fresh stores under here.
  std::string scratch_dir;
  // Where the log ends: a decision that read past it read facts the log no longer holds.
  eventlog::Positions log_ends;
  absl::Time deadline;
  std::function<void(int64_t done, int64_t total)> progress;
};

absl::StatusOr<AllocationAuditResult> AuditAllocations(const AllocationAuditContext& context,
                                                       const std::vector<AuditedFact>& facts);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_ALLOCATION_AUDIT_H_
