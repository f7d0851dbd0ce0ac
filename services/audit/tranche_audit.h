// Recomputing the partnership tranches (rulebook section 6) from the log: every payment
// order answers one approval fact that releases a tranche, no approval is paid twice, and
// each amount is the call's schedule applied to the approved amount.
#ifndef STEM_SERVICES_AUDIT_TRANCHE_AUDIT_H_
#define STEM_SERVICES_AUDIT_TRANCHE_AUDIT_H_

#include <vector>

#include "services/audit/audited_facts.h"
#include "stem/audit/v1/audit_service.pb.h"

namespace stem::audit {

struct TrancheAuditResult {
  std::vector<v1::DecisionCheck> checks;
  std::vector<v1::Divergence> divergences;
};

TrancheAuditResult AuditTranches(const std::vector<AuditedFact>& facts);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_TRANCHE_AUDIT_H_
