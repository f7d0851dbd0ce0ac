#include "services/audit/audited_facts.h"

namespace stem::audit {

std::vector<AuditedFact> AcceptedFacts(const std::vector<eventlog::Record>& records,
                                       const ChainVerifier& chains,
                                       const std::set<std::string>& decision_topics) {
  std::vector<AuditedFact> facts;
  for (const eventlog::Record& record : records) {
    if (!decision_topics.contains(record.topic_partition.topic)) continue;
    AuditedFact fact{&record, {}};
    if (!fact.event.ParseFromString(record.value)) continue;
    if (!chains.IsAccepted(fact.event.event_id())) continue;
    facts.push_back(std::move(fact));
  }
  return facts;
}

}  // namespace stem::audit
