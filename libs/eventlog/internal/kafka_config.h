// librdkafka configuration and error translation shared by the Kafka event log's parts.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_CONFIG_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_CONFIG_H_

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/eventlog/kafka_event_log.h"

namespace stem::eventlog::internal {

// Properties set by the event log itself. Each role sets its own on top of the options'.
using KafkaProperties = std::map<std::string, std::string>;

// INVALID_ARGUMENT when `extra` names a property the event log sets itself: the contract
// (atomic, durable appends; committed reads; positions owned by the subscriber) rests on
// them, so a deployment must not be able to weaken it by configuration.
absl::Status ValidateExtraProperties(const KafkaProperties& extra);

// The reconnect backoffs every handle starts with (options.extra may change them):
// reconnect.backoff.ms=100, reconnect.backoff.max.ms=1000.
const KafkaProperties& RecoveryDefaults();

// A global librdkafka configuration: bootstrap servers, client.id = "<client_id>-<role>",
// RecoveryDefaults(), options.extra, then `fixed` (which wins). Errors name the property and
// librdkafka's reason.
absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeKafkaConf(const KafkaOptions& options,
                                                             std::string_view role,
                                                             const KafkaProperties& fixed);

// "<hostname>-<pid>-<random hex>": unique per process and per call, for default
// transactional ids and throw-away consumer group ids.
std::string UniqueSuffix();

// Milliseconds left until `deadline`, clamped to [0, INT_MAX] (librdkafka's timeouts are int).
int MillisUntil(absl::Time deadline);

// The status code for a librdkafka error code: UNAVAILABLE for everything a broker that is
// away, restarting or moving leadership causes (retry later), DEADLINE_EXCEEDED for
// timeouts, INVALID_ARGUMENT / PERMISSION_DENIED for what retrying cannot fix,
// FAILED_PRECONDITION for a fenced or failed producer, INTERNAL for the unexpected.
// One place for the whole event log (docs/ARCHITECTURE.md, "When Kafka is away").
absl::StatusCode StatusCodeFor(RdKafka::ErrorCode err);

inline constexpr std::string_view kLogUnavailable = "LOG_UNAVAILABLE";
// What a caller is told to wait before retrying a transient log error.
inline constexpr absl::Duration kLogRetryDelay = absl::Seconds(1);

// An event log error with the reason its code stands for (LOG_UNAVAILABLE, LOG_TIMEOUT,
// LOG_TRANSACTION_ABORTED, LOG_RECORD_REJECTED, LOG_ACCESS_DENIED, TOPIC_NOT_FOUND,
// LOG_PRODUCER_FAILED, LOG_FAILED) and, when retrying helps, a retry delay.
absl::Status LogError(absl::StatusCode code, std::string_view message);
// `status` unchanged when it is OK or has a reason, else with the reason of its code.
absl::Status WithLogReason(const absl::Status& status);

// "<what>: <librdkafka's description> (<code name>)" with the code StatusCodeFor gives, or
// `code` when given, and its reason (LogError).
absl::Status KafkaError(std::string_view what, RdKafka::ErrorCode err);
absl::Status KafkaError(absl::StatusCode code, std::string_view what, RdKafka::ErrorCode err);
absl::Status KafkaError(absl::StatusCode code, std::string_view what, const RdKafka::Error& err);

// True for the codes with which Kafka tells a producer that a newer one with the same
// transactional id took over.
bool IsFencedError(RdKafka::ErrorCode err);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_CONFIG_H_
