// The log as an audit reads it: every record, parsed, with whether the command guard's
// rules accepted it.
#ifndef STEM_SERVICES_AUDIT_AUDITED_FACTS_H_
#define STEM_SERVICES_AUDIT_AUDITED_FACTS_H_

#include <set>
#include <string>
#include <vector>

#include "libs/eventlog/event_log.h"
#include "services/audit/chain_verifier.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::audit {

struct AuditedFact {
  const eventlog::Record* record = nullptr;
  events::v1::EventEnvelope event;
};

// The accepted facts among `records` (which must outlive the result) of the topics in
// `decision_topics`, in their order. Only those are parsed and kept: the decision audits of
// a ReplayAudit judge officers', partnerships' and the subsidy's decisions, and the activity
// topic (by far the largest: every session and attendance report) holds none of them.
std::vector<AuditedFact> AcceptedFacts(const std::vector<eventlog::Record>& records,
                                       const ChainVerifier& chains,
                                       const std::set<std::string>& decision_topics);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_AUDITED_FACTS_H_
