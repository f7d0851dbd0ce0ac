// The log as an audit reads it: every record, parsed, with whether the command guard's
// rules accepted it.
#ifndef STEM_SERVICES_AUDIT_AUDITED_FACTS_H_
#define STEM_SERVICES_AUDIT_AUDITED_FACTS_H_

#include <vector>

#include "libs/eventlog/event_log.h"
#include "services/audit/chain_verifier.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::audit {

struct AuditedFact {
  const eventlog::Record* record = nullptr;
  events::v1::EventEnvelope event;
};

// The accepted facts among `records` (which must outlive the result), in their order.
std::vector<AuditedFact> AcceptedFacts(const std::vector<eventlog::Record>& records,
                                       const ChainVerifier& chains);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_AUDITED_FACTS_H_
