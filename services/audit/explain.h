// `audit explain` (rulebook section 9): an allocation decision, the facts it depended on,
// and its computation step by step, recomputed from exactly the inputs it recorded.
#ifndef STEM_SERVICES_AUDIT_EXPLAIN_H_
#define STEM_SERVICES_AUDIT_EXPLAIN_H_

#include <string>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/service/topics.h"
#include "stem/audit/v1/audit_service.pb.h"

namespace stem::audit {

// NOT_FOUND (DECISION_NOT_FOUND) when the period was not allocated or had no application
// of the academy. The replay goes into `scratch_dir` (which must not exist; removed after).
absl::StatusOr<v1::ExplainDecisionResponse> ExplainDecision(
    eventlog::EventLog& log, const service::Topics& topics,
    const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules,
    const v1::ExplainDecisionRequest& request, const std::string& scratch_dir, absl::Time deadline);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_EXPLAIN_H_
