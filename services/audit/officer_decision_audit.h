// Re-judging the officers' decisions from the log (rulebook sections 2 and 6): each
// recognition grant against the academy's own history (a full recognition only for an
// organisation that holds or held one; valid from the decision date for 1 or 3 years), and
// each partnership approval against its call and application (no more than requested, the
// call's budget, the start window, the project period) and the lead's recognition on the
// decision date as the recognition facts then known gave it.
#ifndef STEM_SERVICES_AUDIT_OFFICER_DECISION_AUDIT_H_
#define STEM_SERVICES_AUDIT_OFFICER_DECISION_AUDIT_H_

#include <vector>

#include "services/audit/audited_facts.h"
#include "stem/audit/v1/audit_service.pb.h"

namespace stem::audit {

struct OfficerDecisionAuditResult {
  std::vector<v1::DecisionCheck> checks;
  std::vector<v1::Divergence> divergences;
};

// `facts` in log order within each partition (as AcceptedFacts gives them).
OfficerDecisionAuditResult AuditOfficerDecisions(const std::vector<AuditedFact>& facts);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_OFFICER_DECISION_AUDIT_H_
