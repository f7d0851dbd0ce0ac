#include "services/audit/fact_reference.h"

#include "absl/strings/str_cat.h"

namespace stem::audit {

v1::FactReference ReferenceOf(const eventlog::Record& record) {
  v1::FactReference fact;
  fact.set_topic(record.topic_partition.topic);
  fact.set_partition(record.topic_partition.partition);
  fact.set_offset(record.offset);
  return fact;
}

v1::FactReference ReferenceOf(const eventlog::Record& record,
                              const events::v1::EventEnvelope& event) {
  return ReferenceOf(eventlog::RecordPosition{record.topic_partition, record.offset}, event);
}

v1::FactReference ReferenceOf(const eventlog::RecordPosition& position,
                              const events::v1::EventEnvelope& event) {
  v1::FactReference fact;
  fact.set_topic(position.topic_partition.topic);
  fact.set_partition(position.topic_partition.partition);
  fact.set_offset(position.offset);
  fact.set_event_id(event.event_id());
  fact.set_event_type(event.event_type());
  fact.set_aggregate_type(event.aggregate_type());
  fact.set_aggregate_id(event.aggregate_id());
  fact.set_aggregate_version(event.aggregate_version());
  *fact.mutable_occurred_at() = event.occurred_at();
  return fact;
}

std::string Describe(const v1::FactReference& fact) {
  std::string where = absl::StrCat(fact.topic(), "/", fact.partition(), "@", fact.offset());
  if (fact.event_id().empty()) return absl::StrCat(where, " (not an event)");
  return absl::StrCat(where, " ", fact.event_type(), " ", fact.aggregate_type(), "/",
                      fact.aggregate_id(), " v", fact.aggregate_version(), " (", fact.event_id(),
                      ")");
}

}  // namespace stem::audit
