// Schema evolution of event payloads.
//
// An event keeps the schema version it was written with forever (the log is immutable).
// When a payload's schema changes incompatibly, its version goes up and an upcaster is
// registered that turns a payload of version N into version N+1. Readers upcast every event
// to the current version before use, step by step, so that projectors only ever see the
// current schema and a replay of old events gives today's projections.
#ifndef STEM_LIBS_EVENTS_UPCASTER_H_
#define STEM_LIBS_EVENTS_UPCASTER_H_

#include <functional>
#include <map>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::events {

// Rewrites the envelope's payload from `from_version` to `from_version + 1`. It must not touch
// the envelope's metadata; the registry sets schema_version.
using Upcaster = std::function<absl::Status(v1::EventEnvelope& event)>;

class UpcasterRegistry {
 public:
  // Registers the step from `from_version` to `from_version + 1` of `event_type`, and
  // makes `from_version + 1` at least the current version of that type.
  void Register(const std::string& event_type, int32_t from_version, Upcaster upcaster);

  // The version readers expect; 1 for a type with no registered steps.
  int32_t CurrentVersion(const std::string& event_type) const;

  // Brings the event to the current version of its type. An event newer than this reader
  // knows is FAILED_PRECONDITION (deploy the newer reader first); a missing step is
  // INTERNAL.
  absl::Status Upcast(v1::EventEnvelope& event) const;

 private:
  std::map<std::pair<std::string, int32_t>, Upcaster> steps_;
  std::map<std::string, int32_t> current_;
};

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_UPCASTER_H_
