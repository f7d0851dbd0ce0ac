#include "services/audit/audited_facts.h"

namespace stem::audit {

std::vector<AuditedFact> AcceptedFacts(const std::vector<eventlog::Record>& records,
                                       const ChainVerifier& chains) {
  std::vector<AuditedFact> facts;
  for (const eventlog::Record& record : records) {
    AuditedFact fact{&record, {}};
    if (!fact.event.ParseFromString(record.value)) continue;
    if (!chains.IsAccepted(fact.event.event_id())) continue;
    facts.push_back(std::move(fact));
  }
  return facts;
}

}  // namespace stem::audit
