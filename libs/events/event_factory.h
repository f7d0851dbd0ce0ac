// Builds envelopes for the facts a command produces: fresh ids, the suite's clock, the
// command's identity and request id, the payload's type and schema version.
#ifndef STEM_LIBS_EVENTS_EVENT_FACTORY_H_
#define STEM_LIBS_EVENTS_EVENT_FACTORY_H_

#include <cstdint>
#include <string>

#include "google/protobuf/message.h"
#include "libs/clock/clock.h"
#include "libs/events/upcaster.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::events {

// What a command knows about the context it runs in.
struct CommandContext {
  identity::v1::Actor actor;
  std::string request_id;
  // Defaults to the request id when empty.
  std::string correlation_id;
  // Defaults to the request id when empty.
  std::string causation_id;
};

struct AggregateRef {
  std::string type;
  std::string id;
  // The version the new event gets (the aggregate's current version + 1).
  int64_t version = 1;
};

class EventFactory {
 public:
  // The clock and registry are not owned and must outlive the factory. The registry gives
  // each payload type's current schema version.
  EventFactory(const clock::Clock& clock, const UpcasterRegistry& registry)
      : clock_(clock), registry_(registry) {}

  v1::EventEnvelope Make(const CommandContext& context, const AggregateRef& aggregate,
                         const google::protobuf::Message& payload) const;

 private:
  const clock::Clock& clock_;
  const UpcasterRegistry& registry_;
};

// A random (version 4) UUID in its lowercase text form.
std::string NewUuid();

// The envelope's key in the log: its aggregate id.
inline const std::string& RecordKey(const v1::EventEnvelope& event) { return event.aggregate_id(); }

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_EVENT_FACTORY_H_
