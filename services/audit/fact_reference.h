// How an audit names a fact: where it lies in the log and what it says it is.
#ifndef STEM_SERVICES_AUDIT_FACT_REFERENCE_H_
#define STEM_SERVICES_AUDIT_FACT_REFERENCE_H_

#include <string>

#include "libs/eventlog/event_log.h"
#include "stem/audit/v1/audit_service.pb.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::audit {

v1::FactReference ReferenceOf(const eventlog::Record& record,
                              const events::v1::EventEnvelope& event);
v1::FactReference ReferenceOf(const eventlog::RecordPosition& position,
                              const events::v1::EventEnvelope& event);
// For a record that is not an envelope.
v1::FactReference ReferenceOf(const eventlog::Record& record);

// "stem.subsidy.events/2@17 stem.subsidy.v1.SubsidyDecided period/2019-1 v3 (<event id>)".
std::string Describe(const v1::FactReference& fact);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_FACT_REFERENCE_H_
