#include "services/audit/audited_facts.h"

#include <algorithm>
#include <tuple>

namespace stem::audit {

absl::StatusOr<VerifiedLog> ReadAndVerify(eventlog::EventLog& log,
                                          const std::vector<std::string>& topics,
                                          const std::set<std::string>& kept_topics,
                                          const events::FactRules& fact_rules, absl::Time deadline,
                                          const ReadProgress& progress) {
  VerifiedLog verified{ChainVerifier(&fact_rules), {}, {}};
  auto ends = ForEachRecord(
      log, topics, deadline,
      [&](const eventlog::Record& record) {
        const bool accepted = verified.chains.Add(record);
        if (!accepted || !kept_topics.contains(record.topic_partition.topic)) return;
        AuditedFact fact{{record.topic_partition, record.offset}, {}};
        if (!fact.event.ParseFromString(record.value)) return;
        verified.facts.push_back(std::move(fact));
      },
      progress);
  if (!ends.ok()) return ends.status();
  verified.ends = std::move(*ends);
  // Partitions arrive interleaved as the fetches go: the audits see them in one order.
  std::stable_sort(verified.facts.begin(), verified.facts.end(),
                   [](const AuditedFact& a, const AuditedFact& b) {
                     return std::tie(a.position.topic_partition, a.position.offset) <
                            std::tie(b.position.topic_partition, b.position.offset);
                   });
  return verified;
}

}  // namespace stem::audit
