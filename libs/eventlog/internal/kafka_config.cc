#include "libs/eventlog/internal/kafka_config.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"

namespace stem::eventlog::internal {
namespace {

// Properties the event log sets itself (with their librdkafka aliases), and why.
constexpr std::array<std::string_view, 19> kReservedProperties = {
    // Set from KafkaOptions, so there is one place for them.
    "bootstrap.servers",
    "metadata.broker.list",
    "client.id",
    "transactional.id",
    // Appends are atomic and durable.
    "enable.idempotence",
    "acks",
    "request.required.acks",
    // Readers never see records of failed appends.
    "isolation.level",
    // Positions belong to the subscriber's store; the log never moves them by itself.
    "enable.auto.commit",
    "auto.commit.enable",
    "enable.auto.offset.store",
    "auto.offset.reset",
    // Subscriptions decide their groups and rebalance protocol (AssignmentListener relies on
    // incremental, cooperative rebalances).
    "group.id",
    "group.instance.id",
    "partition.assignment.strategy",
    // Used internally to track read positions past transaction markers.
    "enable.partition.eof",
    // Topics have a fixed partition count, so they are only created by EnsureTopics.
    "allow.auto.create.topics",
    // The delivery reports and rebalances are served by the event log's own callbacks.
    "dr_cb",
    "rebalance_cb",
};

}  // namespace

const KafkaProperties& RecoveryDefaults() {
  static const KafkaProperties* const defaults = new KafkaProperties{
      {"reconnect.backoff.ms", "100"},
      {"reconnect.backoff.max.ms", "1000"},
  };
  return *defaults;
}

absl::Status ValidateExtraProperties(const KafkaProperties& extra) {
  std::vector<std::string> rejected;
  for (const auto& [name, value] : extra) {
    if (std::find(kReservedProperties.begin(), kReservedProperties.end(), name) !=
        kReservedProperties.end()) {
      rejected.push_back(name);
    }
  }
  if (rejected.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("KafkaOptions.extra may not set ", absl::StrJoin(rejected, ", "),
                   ": the event log sets these itself because its contract depends on them"));
}

absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeKafkaConf(const KafkaOptions& options,
                                                             std::string_view role,
                                                             const KafkaProperties& fixed) {
  if (absl::Status valid = ValidateExtraProperties(options.extra); !valid.ok()) return valid;
  if (options.bootstrap_servers.empty()) {
    return absl::InvalidArgumentError("KafkaOptions.bootstrap_servers is empty");
  }
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  auto set = [&conf](const std::string& name, const std::string& value) -> absl::Status {
    std::string error;
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid librdkafka property ", name, "=", value, ": ", error));
    }
    return absl::OkStatus();
  };
  KafkaProperties all = {
      {"bootstrap.servers", options.bootstrap_servers},
      {"client.id", absl::StrCat(options.client_id, "-", ToAbsl(role))},
  };
  // Defaults that options.extra may change: back at work within about a second of a
  // broker's return (librdkafka's default reconnect backoff grows to 10 s, which made the
  // first command after an outage wait 6-9 s).
  for (const auto& [name, value] : RecoveryDefaults()) all[name] = value;
  for (const auto& [name, value] : options.extra) all[name] = value;
  for (const auto& [name, value] : fixed) all[name] = value;
  for (const auto& [name, value] : all) {
    if (absl::Status status = set(name, value); !status.ok()) return status;
  }
  return conf;
}

std::string UniqueSuffix() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device device;
  const uint64_t random = (static_cast<uint64_t>(device()) << 32) | device();
  return absl::StrFormat("%s-%d-%016x", host[0] != '\0' ? host.data() : "host",
                         static_cast<int>(getpid()), random);
}

int MillisUntil(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  if (left >= absl::Milliseconds(INT_MAX)) return INT_MAX;
  // Round up, so that a deadline 0.4 ms away does not become a non-blocking call.
  return static_cast<int>(
      absl::ToInt64Milliseconds(left + absl::Milliseconds(1) - absl::Nanoseconds(1)));
}

absl::StatusCode StatusCodeFor(RdKafka::ErrorCode err) {
  switch (err) {
    case RdKafka::ERR_NO_ERROR:
      return absl::StatusCode::kOk;
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR_REQUEST_TIMED_OUT:
    case RdKafka::ERR__TIMED_OUT_QUEUE:
      return absl::StatusCode::kDeadlineExceeded;
    // The brokers are away, restarting or moving leadership: the topics the suite checked
    // at start still exist, so an unknown topic or partition now is metadata that a
    // restarted broker has not loaded yet, never a final NOT_FOUND.
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__ALL_BROKERS_DOWN:
    case RdKafka::ERR__RESOLVE:
    case RdKafka::ERR__UNKNOWN_PARTITION:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR__WAIT_COORD:
    case RdKafka::ERR__DESTROY:
    case RdKafka::ERR__NODE_UPDATE:
    case RdKafka::ERR__RETRY:
    case RdKafka::ERR__OUTDATED:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR_NOT_LEADER_FOR_PARTITION:
    case RdKafka::ERR_LEADER_NOT_AVAILABLE:
    case RdKafka::ERR_NOT_COORDINATOR:
    case RdKafka::ERR_COORDINATOR_NOT_AVAILABLE:
    case RdKafka::ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RdKafka::ERR_NOT_ENOUGH_REPLICAS:
    case RdKafka::ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case RdKafka::ERR_NETWORK_EXCEPTION:
    case RdKafka::ERR_BROKER_NOT_AVAILABLE:
    case RdKafka::ERR_REPLICA_NOT_AVAILABLE:
    case RdKafka::ERR_CONCURRENT_TRANSACTIONS:
    case RdKafka::ERR_OFFSET_NOT_AVAILABLE:
    case RdKafka::ERR_FENCED_LEADER_EPOCH:
    case RdKafka::ERR_UNKNOWN_LEADER_EPOCH:
      return absl::StatusCode::kUnavailable;
    case RdKafka::ERR_TOPIC_ALREADY_EXISTS:
      return absl::StatusCode::kAlreadyExists;
    case RdKafka::ERR__INVALID_ARG:
    case RdKafka::ERR_INVALID_PARTITIONS:
    case RdKafka::ERR_INVALID_REPLICATION_FACTOR:
    case RdKafka::ERR_INVALID_CONFIG:
    case RdKafka::ERR_INVALID_REQUEST:
    case RdKafka::ERR_TOPIC_EXCEPTION:
    case RdKafka::ERR_MSG_SIZE_TOO_LARGE:
    case RdKafka::ERR_RECORD_LIST_TOO_LARGE:
    case RdKafka::ERR_INVALID_RECORD:
    case RdKafka::ERR_INVALID_MSG:
    case RdKafka::ERR_POLICY_VIOLATION:
      return absl::StatusCode::kInvalidArgument;
    case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
    case RdKafka::ERR_GROUP_AUTHORIZATION_FAILED:
    case RdKafka::ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RdKafka::ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
    case RdKafka::ERR__AUTHENTICATION:
    case RdKafka::ERR_SASL_AUTHENTICATION_FAILED:
      return absl::StatusCode::kPermissionDenied;
    case RdKafka::ERR__FENCED:
    case RdKafka::ERR_PRODUCER_FENCED:
    case RdKafka::ERR_INVALID_PRODUCER_EPOCH:
    case RdKafka::ERR_FENCED_INSTANCE_ID:
    case RdKafka::ERR__FATAL:
    case RdKafka::ERR__STATE:
      return absl::StatusCode::kFailedPrecondition;
    default:
      // Broker-side errors are mostly transient (leader moves, coordinator loads); local
      // ones we did not expect are bugs or environment trouble.
      return err > 0 ? absl::StatusCode::kUnavailable : absl::StatusCode::kInternal;
  }
}

absl::Status LogError(absl::StatusCode code, std::string_view message) {
  std::string_view reason = "LOG_FAILED";
  absl::Duration retry = absl::ZeroDuration();
  switch (code) {
    case absl::StatusCode::kUnavailable:
      reason = kLogUnavailable;
      retry = kLogRetryDelay;
      break;
    case absl::StatusCode::kDeadlineExceeded:
      reason = "LOG_TIMEOUT";
      retry = kLogRetryDelay;
      break;
    case absl::StatusCode::kAborted:
      reason = "LOG_TRANSACTION_ABORTED";
      retry = absl::Milliseconds(100);
      break;
    case absl::StatusCode::kInvalidArgument:
      reason = "LOG_RECORD_REJECTED";
      break;
    case absl::StatusCode::kPermissionDenied:
      reason = "LOG_ACCESS_DENIED";
      break;
    case absl::StatusCode::kNotFound:
      reason = "TOPIC_NOT_FOUND";
      break;
    case absl::StatusCode::kAlreadyExists:
      reason = "TOPIC_EXISTS";
      break;
    case absl::StatusCode::kFailedPrecondition:
      reason = "LOG_PRODUCER_FAILED";
      break;
    default:
      break;
  }
  absl::Status status = MakeError(code, reason, message);
  return retry > absl::ZeroDuration() ? WithRetryDelay(status, retry) : status;
}

absl::Status WithLogReason(const absl::Status& status) {
  if (status.ok() || !ReasonOf(status).empty()) return status;
  return LogError(status.code(), FromAbsl(status.message()));
}

absl::Status KafkaError(std::string_view what, RdKafka::ErrorCode err) {
  return KafkaError(StatusCodeFor(err), what, err);
}

absl::Status KafkaError(absl::StatusCode code, std::string_view what, RdKafka::ErrorCode err) {
  return LogError(code, absl::StrCat(ToAbsl(what), ": ", RdKafka::err2str(err),
                                     " (librdkafka error ", static_cast<int>(err), ")"));
}

absl::Status KafkaError(absl::StatusCode code, std::string_view what, const RdKafka::Error& err) {
  return LogError(code, absl::StrCat(ToAbsl(what), ": ", err.str(), " (", err.name(), ")"));
}

bool IsFencedError(RdKafka::ErrorCode err) {
  return err == RdKafka::ERR__FENCED || err == RdKafka::ERR_PRODUCER_FENCED ||
         err == RdKafka::ERR_INVALID_PRODUCER_EPOCH;
}

}  // namespace stem::eventlog::internal
