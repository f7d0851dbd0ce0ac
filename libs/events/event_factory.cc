#include "libs/events/event_factory.h"

#include <cstdio>
#include <random>

#include "google/protobuf/util/time_util.h"

namespace stem::events {

std::string NewUuid() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t high = engine();
  uint64_t low = engine();
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xffff),
                static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

v1::EventEnvelope EventFactory::Make(const CommandContext& context, const AggregateRef& aggregate,
                                     const google::protobuf::Message& payload) const {
  using google::protobuf::util::TimeUtil;
  v1::EventEnvelope event;
  event.set_event_id(NewUuid());
  event.set_aggregate_type(aggregate.type);
  event.set_aggregate_id(aggregate.id);
  event.set_aggregate_version(aggregate.version);
  event.set_event_type(payload.GetDescriptor()->full_name());
  event.set_schema_version(registry_.CurrentVersion(event.event_type()));
  *event.mutable_occurred_at() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(clock_.Now()));
  *event.mutable_recorded_at() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(absl::Now()));
  event.set_correlation_id(context.correlation_id.empty() ? context.request_id
                                                          : context.correlation_id);
  event.set_causation_id(context.causation_id.empty() ? context.request_id : context.causation_id);
  *event.mutable_actor() = context.actor;
  event.set_request_id(context.request_id);
  event.mutable_payload()->PackFrom(payload);
  return event;
}

}  // namespace stem::events
