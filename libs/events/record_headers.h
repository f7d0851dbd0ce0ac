// The Kafka record headers of a fact (docs/INTEGRATION.md): what a tool that reads the topics
// (kcat, a connector, a stream processor) can route and filter on without parsing the value.
// They repeat the envelope; the value stays the truth, and a header never decides anything in
// the suite. A refused attempt's facts carry them too: headers say what was attempted, the
// fact stream (proto/stem/facts/v1) what counted.
#ifndef STEM_LIBS_EVENTS_RECORD_HEADERS_H_
#define STEM_LIBS_EVENTS_RECORD_HEADERS_H_

#include <string>
#include <utility>
#include <vector>

#include "stem/events/v1/envelope.pb.h"

namespace stem::events {

inline constexpr char kContentTypeHeader[] = "content-type";
// The value's encoding: one stem.events.v1.EventEnvelope in protobuf's binary form.
inline constexpr char kFactContentType[] =
    "application/x-protobuf; messageType=\"stem.events.v1.EventEnvelope\"";
inline constexpr char kFactTypeHeader[] = "stem-fact-type";
inline constexpr char kSchemaVersionHeader[] = "stem-schema-version";
inline constexpr char kAggregateTypeHeader[] = "stem-aggregate-type";
inline constexpr char kCommandIdHeader[] = "stem-command-id";
// The attempt of its command on the replica that wrote it: 1 for the first; a later one
// follows an attempt that lost a race (command_guard.h), which may itself be in the log.
inline constexpr char kCommandAttemptHeader[] = "stem-command-attempt";
inline constexpr char kFirstAttemptHeader[] = "stem-first-attempt";

using RecordHeaders = std::vector<std::pair<std::string, std::string>>;

// The headers of `event`, written by its command's `attempt`-th attempt (from 1).
RecordHeaders FactRecordHeaders(const v1::EventEnvelope& event, int attempt);

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_RECORD_HEADERS_H_
