// The log as an audit reads it: every record streamed once through the chain check, and the
// accepted facts the decision audits judge, parsed and kept.
#ifndef STEM_SERVICES_AUDIT_AUDITED_FACTS_H_
#define STEM_SERVICES_AUDIT_AUDITED_FACTS_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "services/audit/chain_verifier.h"
#include "services/audit/log_reading.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::audit {

struct AuditedFact {
  eventlog::RecordPosition position;
  events::v1::EventEnvelope event;
};

struct VerifiedLog {
  ChainVerifier chains;
  // The accepted facts of the kept topics, partition by partition (in TopicPartition order),
  // each in offset order.
  std::vector<AuditedFact> facts;
  // Where the reading stopped.
  eventlog::Positions ends;
};

// Reads `topics` to their ends as of the call, checks every record's chain, and keeps the
// accepted facts of `kept_topics` only: the records themselves are not held, so an audit's
// memory grows with its aggregates and decisions, not with the log (the activity topic, by
// far the largest, holds no decision a ReplayAudit judges).
absl::StatusOr<VerifiedLog> ReadAndVerify(eventlog::EventLog& log,
                                          const std::vector<std::string>& topics,
                                          const std::set<std::string>& kept_topics,
                                          const events::FactRules& fact_rules, absl::Time deadline,
                                          const ReadProgress& progress = {});

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_AUDITED_FACTS_H_
