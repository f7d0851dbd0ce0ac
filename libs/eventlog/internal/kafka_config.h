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

// A global librdkafka configuration: bootstrap servers, client.id = "<client_id>-<role>",
// options.extra, then `fixed` (which wins). Errors name the property and librdkafka's reason.
absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeKafkaConf(const KafkaOptions& options,
                                                             std::string_view role,
                                                             const KafkaProperties& fixed);

// "<hostname>-<pid>-<random hex>": unique per process and per call, for default
// transactional ids and throw-away consumer group ids.
std::string UniqueSuffix();

// Milliseconds left until `deadline`, clamped to [0, INT_MAX] (librdkafka's timeouts are int).
int MillisUntil(absl::Time deadline);

// The status code for a librdkafka error code.
absl::StatusCode StatusCodeFor(RdKafka::ErrorCode err);

// "<what>: <librdkafka's description> (<code name>)" with the code StatusCodeFor gives, or
// `code` when given.
absl::Status KafkaError(std::string_view what, RdKafka::ErrorCode err);
absl::Status KafkaError(absl::StatusCode code, std::string_view what, RdKafka::ErrorCode err);
absl::Status KafkaError(absl::StatusCode code, std::string_view what, const RdKafka::Error& err);

// True for the codes with which Kafka tells a producer that a newer one with the same
// transactional id took over.
bool IsFencedError(RdKafka::ErrorCode err);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_CONFIG_H_
