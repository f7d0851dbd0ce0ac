// One request through librdkafka's Admin API (C): options with the deadline as timeouts, a
// private queue, and the wait for the request's result event.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_ADMIN_REQUEST_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_ADMIN_REQUEST_H_

#include <librdkafka/rdkafka.h>

#include <functional>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stem::eventlog::internal {

struct AdminEventDeleter {
  void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
};
using AdminEvent = std::unique_ptr<rd_kafka_event_t, AdminEventDeleter>;

// Sends a request of kind `op` with `send(options, queue)` and returns its result event.
// DEADLINE_EXCEEDED when `deadline` passed before or during the request; the event's own
// (request-level) error as a status named by `what`. Per-resource errors are the caller's.
absl::StatusOr<AdminEvent> RunAdminRequest(
    rd_kafka_t* rk, rd_kafka_admin_op_t op, absl::Time deadline, std::string_view what,
    const std::function<void(rd_kafka_AdminOptions_t*, rd_kafka_queue_t*)>& send);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_ADMIN_REQUEST_H_
