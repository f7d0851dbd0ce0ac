#include "libs/eventlog/internal/kafka_admin_request.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/eventlog/internal/kafka_config.h"

namespace stem::eventlog::internal {
namespace {

struct AdminOptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* options) const {
    rd_kafka_AdminOptions_destroy(options);
  }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
};

// The request carries its own timeouts; its result event may come a little after them.
constexpr int kResultGraceMs = 5000;

}  // namespace

absl::StatusOr<AdminEvent> RunAdminRequest(
    rd_kafka_t* rk, rd_kafka_admin_op_t op, absl::Time deadline, std::string_view what,
    const std::function<void(rd_kafka_AdminOptions_t*, rd_kafka_queue_t*)>& send) {
  const int timeout_ms = MillisUntil(deadline);
  if (timeout_ms <= 0)
    return absl::DeadlineExceededError(absl::StrCat(ToAbsl(what), ": deadline passed"));
  std::array<char, 512> error{};
  std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
      rd_kafka_AdminOptions_new(rk, op));
  if (rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, error.data(),
                                                error.size()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InvalidArgumentError(absl::StrCat(ToAbsl(what), " options: ", error.data()));
  }
  // Of the requests used here, only CreateTopics has an operation timeout.
  if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS) {
    if (rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeout_ms, error.data(),
                                                    error.size()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return absl::InvalidArgumentError(absl::StrCat(ToAbsl(what), " options: ", error.data()));
    }
  }
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(rk));
  send(options.get(), queue.get());
  AdminEvent event(rd_kafka_queue_poll(queue.get(), timeout_ms + kResultGraceMs));
  if (event == nullptr) {
    return absl::DeadlineExceededError(
        absl::StrCat(ToAbsl(what), ": no answer from Kafka before the deadline"));
  }
  if (rd_kafka_resp_err_t err = rd_kafka_event_error(event.get());
      err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::Status(
        StatusCodeFor(static_cast<RdKafka::ErrorCode>(err)),
        absl::StrCat(ToAbsl(what), " failed: ", rd_kafka_event_error_string(event.get())));
  }
  return event;
}

}  // namespace stem::eventlog::internal
