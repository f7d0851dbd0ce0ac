// Subscriptions of the embedded log.
//
// Full mode (no group id): the first Poll assigns every partition of the topics through the
// listener. Group mode: the subscription is a member of an in-process consumer group
// (embedded_group_coordinator.h) from its creation to its destruction; each Poll first
// hands back partitions the group moved away (OnRevoked) and then takes those that are
// free for it (OnAssigned), before it reads. Destroying a subscription leaves the group
// without calling the listener. group_instance_id means nothing in one process and is
// ignored; ReportProgress is a no-op (the embedded log has no lag monitoring, and the
// subscriber's store owns positions anyway).
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_SUBSCRIPTION_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_SUBSCRIPTION_H_

#include <memory>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/embedded_log_core.h"

namespace stem::eventlog::internal {

// NOT_FOUND for an unknown topic, INVALID_ARGUMENT without topics or listener.
absl::StatusOr<std::unique_ptr<Subscription>> SubscribeEmbedded(std::shared_ptr<LogCore> core,
                                                                const SubscriptionOptions& options);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_SUBSCRIPTION_H_
