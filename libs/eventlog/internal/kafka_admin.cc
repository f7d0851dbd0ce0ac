#include "libs/eventlog/internal/kafka_admin.h"

// The C API first: rdkafkacpp.h then types Handle::c_ptr() as rd_kafka_t*.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <array>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_compat.h"
#include "libs/common/check.h"
#include "libs/eventlog/internal/kafka_admin_request.h"
#include "libs/eventlog/internal/kafka_config.h"
#include "libs/eventlog/internal/kafka_topic_retention.h"

namespace stem::eventlog::internal {
namespace {

struct NewTopicDeleter {
  void operator()(rd_kafka_NewTopic_t* topic) const { rd_kafka_NewTopic_destroy(topic); }
};

constexpr absl::Duration kRetryBackoff = absl::Milliseconds(100);
// Transaction markers follow a commit within milliseconds.
constexpr absl::Duration kMarkerPoll = absl::Milliseconds(10);

// Errors a partition's leader gives while leadership is moving or settling.
bool IsTransient(RdKafka::ErrorCode err) {
  switch (err) {
    case RdKafka::ERR_NOT_LEADER_FOR_PARTITION:
    case RdKafka::ERR_LEADER_NOT_AVAILABLE:
    case RdKafka::ERR_OFFSET_NOT_AVAILABLE:
    case RdKafka::ERR_FENCED_LEADER_EPOCH:
    case RdKafka::ERR_UNKNOWN_LEADER_EPOCH:
    case RdKafka::ERR_REPLICA_NOT_AVAILABLE:
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__UNKNOWN_PARTITION:
      return true;
    default:
      return false;
  }
}

absl::Status ValidateSpecs(const std::vector<TopicSpec>& topics) {
  std::map<std::string, int32_t> partitions;
  for (const TopicSpec& spec : topics) {
    if (spec.name.empty()) return absl::InvalidArgumentError("a TopicSpec has an empty name");
    if (spec.partitions < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("topic ", spec.name, " asks for ", spec.partitions, " partitions"));
    }
    for (const auto& [name, needed] : KeepForeverConfig()) {
      if (auto it = spec.configs.find(name); it != spec.configs.end() && it->second != needed) {
        return absl::InvalidArgumentError(absl::StrCat("topic ", spec.name, " asks for ", name, "=",
                                                       it->second,
                                                       "; the log keeps every "
                                                       "record forever (",
                                                       name, "=", needed, ")"));
      }
    }
    auto [it, inserted] = partitions.emplace(spec.name, spec.partitions);
    if (!inserted && it->second != spec.partitions) {
      return absl::InvalidArgumentError(absl::StrCat("topic ", spec.name, " is given twice, with ",
                                                     it->second, " and ", spec.partitions,
                                                     " partitions"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<KafkaAdmin>> KafkaAdmin::Create(const KafkaOptions& options) {
  std::shared_ptr<RdKafka::Consumer> handles[2];
  const char* const isolation_levels[2] = {"read_uncommitted", "read_committed"};
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf =
        MakeKafkaConf(options, "admin", {{"isolation.level", isolation_levels[i]}});
    if (!conf.ok()) return conf.status();
    std::string error;
    handles[i].reset(RdKafka::Consumer::create(conf->get(), error));
    if (handles[i] == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("creating the Kafka admin client failed: ", error));
    }
  }
  return absl::WrapUnique(
      new KafkaAdmin(std::move(handles[0]), std::move(handles[1]), options.request_timeout));
}

KafkaAdmin::KafkaAdmin(SharedConsumer handle, SharedConsumer committed_handle,
                       absl::Duration fetch_timeout)
    : handle_(std::move(handle)),
      committed_handle_(std::move(committed_handle)),
      fetch_timeout_(fetch_timeout),
      reachability_(std::make_unique<BrokerReachability>(handle_)) {}

absl::Status KafkaAdmin::EnsureTopics(const std::vector<TopicSpec>& topics, absl::Time deadline) {
  if (absl::Status valid = ValidateSpecs(topics); !valid.ok()) return valid;
  if (topics.empty()) return absl::OkStatus();
  if (absl::Status created = CreateTopics(topics, deadline); !created.ok()) return created;
  // Verify every topic, new or old: an existing topic may have another partition count, and
  // a new one must be visible in metadata before Append can place records in it.
  for (const TopicSpec& spec : topics) {
    absl::StatusOr<int32_t> count = FetchPartitionCount(spec.name, deadline);
    // Creation propagates asynchronously to the brokers' metadata caches.
    while (absl::IsNotFound(count.status()) && absl::Now() + kRetryBackoff < deadline) {
      absl::SleepFor(kRetryBackoff);
      count = FetchPartitionCount(spec.name, deadline);
    }
    if (!count.ok()) {
      return absl::Status(count.status().code(),
                          absl::StrCat("checking topic ", spec.name,
                                       " after creating it: ", count.status().message()));
    }
    reachability_->NoteAnswered();
    if (*count != spec.partitions) {
      return absl::FailedPreconditionError(
          absl::StrCat("topic ", spec.name, " exists with ", *count, " partitions, but ",
                       spec.partitions, " are required (keys would map to other partitions)"));
    }
    absl::MutexLock lock(&mu_);
    partition_counts_[spec.name] = *count;
  }
  return CheckTopicsKeepEveryRecord(topics, deadline);
}

absl::Status KafkaAdmin::CheckTopicsKeepEveryRecord(const std::vector<TopicSpec>& topics,
                                                    absl::Time deadline) {
  std::vector<std::string> names;
  for (const TopicSpec& spec : topics) names.push_back(spec.name);
  absl::StatusOr<std::map<std::string, TopicConfig>> configs =
      DescribeTopicConfigs(handle_->c_ptr(), names, deadline);
  if (!configs.ok()) return configs.status();
  for (const auto& [topic, config] : *configs) {
    if (absl::Status kept = CheckKeepsEveryRecord(topic, config); !kept.ok()) return kept;
  }
  return absl::OkStatus();
}

absl::Status KafkaAdmin::CreateTopics(const std::vector<TopicSpec>& topics, absl::Time deadline) {
  std::array<char, 512> error{};
  std::vector<std::unique_ptr<rd_kafka_NewTopic_t, NewTopicDeleter>> owned;
  std::vector<rd_kafka_NewTopic_t*> new_topics;
  std::map<std::string, bool> seen;
  for (const TopicSpec& spec : topics) {
    if (!seen.emplace(spec.name, true).second) continue;  // duplicates were checked equal
    rd_kafka_NewTopic_t* topic = rd_kafka_NewTopic_new(
        spec.name.c_str(), spec.partitions, spec.replication_factor, error.data(), error.size());
    if (topic == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid topic spec for ", spec.name, ": ", error.data()));
    }
    owned.emplace_back(topic);
    std::map<std::string, std::string> configs = spec.configs;
    configs.emplace("message.timestamp.type", "LogAppendTime");
    configs.insert(KeepForeverConfig().begin(), KeepForeverConfig().end());
    for (const auto& [name, value] : configs) {
      if (rd_kafka_resp_err_t err =
              rd_kafka_NewTopic_set_config(topic, name.c_str(), value.c_str());
          err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return KafkaError(absl::StrCat("topic ", spec.name, ": config ", name, "=", value),
                          static_cast<RdKafka::ErrorCode>(err));
      }
    }
    new_topics.push_back(topic);
  }

  rd_kafka_t* rk = handle_->c_ptr();
  absl::StatusOr<AdminEvent> event = RunAdminRequest(
      rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, deadline, "CreateTopics",
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_CreateTopics(rk, new_topics.data(), new_topics.size(), options, queue);
      });
  if (!event.ok()) return event.status();
  const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event->get());
  STEM_CHECK(result != nullptr, "a CreateTopics request answered with another event type");
  size_t count = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
  std::vector<std::string> failures;
  absl::StatusCode code = absl::StatusCode::kOk;
  for (size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      continue;
    }
    const char* message = rd_kafka_topic_result_error_string(results[i]);
    failures.push_back(absl::StrCat(rd_kafka_topic_result_name(results[i]), ": ",
                                    message != nullptr ? message : rd_kafka_err2str(err), " (",
                                    rd_kafka_err2name(err), ")"));
    code = StatusCodeFor(static_cast<RdKafka::ErrorCode>(err));
  }
  if (failures.empty()) return absl::OkStatus();
  return absl::Status(code,
                      absl::StrCat("creating topics failed: ", absl::StrJoin(failures, "; ")));
}

absl::StatusOr<int32_t> KafkaAdmin::PartitionCount(std::string_view topic, absl::Time deadline) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = partition_counts_.find(topic); it != partition_counts_.end()) return it->second;
  }
  const std::string name(topic);
  absl::StatusOr<int32_t> count = FetchPartitionCount(name, deadline);
  if (!count.ok()) return count.status();
  reachability_->NoteAnswered();
  absl::MutexLock lock(&mu_);
  partition_counts_[name] = *count;
  return *count;
}

absl::StatusOr<int32_t> KafkaAdmin::FetchPartitionCount(const std::string& topic,
                                                        absl::Time deadline) {
  if (topic.empty()) return absl::InvalidArgumentError("empty topic name");
  std::string error;
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(handle_.get(), topic, nullptr, error));
  if (handle == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("topic ", topic, ": ", error));
  }
  const int timeout_ms = MillisUntil(deadline);
  if (timeout_ms <= 0) {
    return absl::DeadlineExceededError(
        absl::StrCat("deadline passed before reading the metadata of topic ", topic));
  }
  RdKafka::Metadata* raw = nullptr;
  const RdKafka::ErrorCode err = handle_->metadata(false, handle.get(), &raw, timeout_ms);
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (err != RdKafka::ERR_NO_ERROR) {
    return KafkaError(absl::StrCat("reading the metadata of topic ", topic), err);
  }
  for (const RdKafka::TopicMetadata* entry : *metadata->topics()) {
    if (entry->topic() != topic) continue;
    if (entry->err() == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART || entry->partitions()->empty()) {
      return absl::NotFoundError(absl::StrCat("Kafka topic ", topic, " does not exist"));
    }
    // Other topic-level errors (typically LEADER_NOT_AVAILABLE just after creation) concern
    // leadership, not how many partitions there are.
    return static_cast<int32_t>(entry->partitions()->size());
  }
  return absl::NotFoundError(absl::StrCat("Kafka topic ", topic, " does not exist"));
}

absl::StatusOr<int64_t> KafkaAdmin::HighWatermark(RdKafka::Consumer& handle,
                                                  const std::string& topic, int32_t partition,
                                                  absl::Time deadline) {
  const int timeout_ms = MillisUntil(deadline);
  if (timeout_ms <= 0) {
    return absl::DeadlineExceededError(
        absl::StrCat("EndOffsets of ", topic, "/", partition, ": deadline passed"));
  }
  int64_t low = 0;
  int64_t high = 0;
  RdKafka::ErrorCode err =
      handle.query_watermark_offsets(topic, partition, &low, &high, timeout_ms);
  // Leadership moves (and settles after a topic is created); ask again.
  while (IsTransient(err) && absl::Now() + kRetryBackoff < deadline) {
    absl::SleepFor(kRetryBackoff);
    err = handle.query_watermark_offsets(topic, partition, &low, &high, MillisUntil(deadline));
  }
  if (err != RdKafka::ERR_NO_ERROR) {
    return KafkaError(absl::StrCat("end offset of ", topic, "/", partition), err);
  }
  return high;
}

absl::StatusOr<Positions> KafkaAdmin::EndOffsets(std::string_view topic, absl::Time deadline) {
  if (!BrokersReachable()) {
    return LogError(absl::StatusCode::kUnavailable,
                    absl::StrCat("no Kafka broker answers: the end offsets of ", ToAbsl(topic),
                                 " are unknown until one does"));
  }
  absl::StatusOr<int32_t> count = PartitionCount(topic, deadline);
  if (!count.ok()) return count.status();
  std::optional<absl::StatusOr<Positions>> ends =
      EndOffsetsFetch(std::string(topic), *count).Get(deadline);
  if (!ends) {
    return LogError(absl::StatusCode::kUnavailable,
                    absl::StrCat("Kafka did not tell the end offsets of ", ToAbsl(topic),
                                 " before the deadline: the brokers may be away"));
  }
  if (ends->ok()) reachability_->NoteAnswered();
  return *std::move(ends);
}

FreshFetch<Positions>& KafkaAdmin::EndOffsetsFetch(const std::string& topic, int32_t partitions) {
  absl::MutexLock lock(&mu_);
  std::unique_ptr<FreshFetch<Positions>>& fetch = end_offsets_[topic];
  if (fetch == nullptr) {
    fetch =
        std::make_unique<FreshFetch<Positions>>([handle = handle_, committed = committed_handle_,
                                                 topic, partitions, timeout = fetch_timeout_] {
          return FetchEndOffsets(*handle, *committed, topic, partitions, absl::Now() + timeout);
        });
  }
  return *fetch;
}

absl::StatusOr<Positions> KafkaAdmin::FetchEndOffsets(RdKafka::Consumer& handle,
                                                      RdKafka::Consumer& committed_handle,
                                                      const std::string& name, int32_t partitions,
                                                      absl::Time deadline) {
  Positions ends;
  for (int32_t partition = 0; partition < partitions; ++partition) {
    // Everything appended so far, including transactions whose markers are not written yet.
    absl::StatusOr<int64_t> high = HighWatermark(handle, name, partition, deadline);
    if (!high.ok()) return high.status();
    // The last stable offset passes it once those transactions are decided and marked,
    // which for our own committed ones takes milliseconds.
    while (true) {
      absl::StatusOr<int64_t> stable = HighWatermark(committed_handle, name, partition, deadline);
      if (!stable.ok()) return stable.status();
      if (*stable >= *high) {
        ends[TopicPartition{name, partition}] = *stable;
        break;
      }
      if (absl::Now() + kMarkerPoll >= deadline) {
        return absl::DeadlineExceededError(
            absl::StrCat("EndOffsets: ", name, "/", partition,
                         " still has a transaction open at offset ", *stable,
                         " (a producer that stopped mid-transaction is aborted by Kafka after its "
                         "transaction.timeout.ms)"));
      }
      absl::SleepFor(kMarkerPoll);
    }
  }
  return ends;
}

}  // namespace stem::eventlog::internal
