#include "libs/events/record_headers.h"

namespace stem::events {

RecordHeaders FactRecordHeaders(const v1::EventEnvelope& event, int attempt) {
  return {
      {kContentTypeHeader, kFactContentType},
      {kFactTypeHeader, event.event_type()},
      {kSchemaVersionHeader, std::to_string(event.schema_version())},
      {kAggregateTypeHeader, event.aggregate_type()},
      {kCommandIdHeader, event.command_id()},
      {kCommandAttemptHeader, std::to_string(attempt)},
      {kFirstAttemptHeader, attempt == 1 ? "true" : "false"},
  };
}

}  // namespace stem::events
