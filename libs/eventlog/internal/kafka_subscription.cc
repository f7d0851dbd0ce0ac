#include "libs/eventlog/internal/kafka_subscription.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/eventlog/internal/kafka_config.h"

namespace stem::eventlog::internal {
namespace {

using ErrorPtr = std::unique_ptr<RdKafka::Error>;

// Owns a librdkafka partition list for the length of a call.
class PartitionList {
 public:
  PartitionList() = default;
  explicit PartitionList(const std::vector<TopicPartition>& partitions) {
    for (const TopicPartition& tp : partitions) {
      list_.push_back(RdKafka::TopicPartition::create(tp.topic, tp.partition));
    }
  }
  ~PartitionList() { RdKafka::TopicPartition::destroy(list_); }
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
  std::vector<RdKafka::TopicPartition*>& get() { return list_; }

 private:
  std::vector<RdKafka::TopicPartition*> list_;
};

std::vector<TopicPartition> ToTopicPartitions(
    const std::vector<RdKafka::TopicPartition*>& partitions) {
  std::vector<TopicPartition> result;
  result.reserve(partitions.size());
  for (const RdKafka::TopicPartition* tp : partitions) {
    result.push_back({tp->topic(), tp->partition()});
  }
  return result;
}

Record ToRecord(const RdKafka::Message& message) {
  Record record;
  record.topic_partition = {message.topic_name(), message.partition()};
  record.offset = message.offset();
  if (const std::string* key = message.key(); key != nullptr) record.key = *key;
  if (message.payload() != nullptr) {
    record.value.assign(static_cast<const char*>(message.payload()), message.len());
  }
  const RdKafka::MessageTimestamp timestamp = message.timestamp();
  record.log_time = timestamp.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE
                        ? absl::UnixEpoch()
                        : absl::FromUnixMillis(timestamp.timestamp);
  return record;
}

// Consumer errors the owner must hear about. librdkafka recovers from the others (broker
// connections, leader moves, a missed poll interval) by itself, so they are not errors of
// the subscription.
bool MustReport(RdKafka::ErrorCode err) {
  switch (err) {
    case RdKafka::ERR__FATAL:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
    case RdKafka::ERR_GROUP_AUTHORIZATION_FAILED:
    case RdKafka::ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RdKafka::ERR__AUTHENTICATION:
    case RdKafka::ERR_FENCED_INSTANCE_ID:
    case RdKafka::ERR_INVALID_CONFIG:
      return true;
    default:
      return false;
  }
}

}  // namespace

void KafkaSubscription::Rebalancer::rebalance_cb(
    RdKafka::KafkaConsumer* /*consumer*/, RdKafka::ErrorCode err,
    std::vector<RdKafka::TopicPartition*>& partitions) {
  owner_->OnRebalance(err, partitions);
}

absl::StatusOr<std::unique_ptr<KafkaSubscription>> KafkaSubscription::Create(
    const KafkaOptions& kafka, const SubscriptionOptions& options,
    std::vector<TopicPartition> partitions, std::shared_ptr<KnownEnds> known_ends) {
  if (options.listener == nullptr) {
    return absl::InvalidArgumentError("SubscriptionOptions.listener is null");
  }
  if (options.topics.empty()) {
    return absl::InvalidArgumentError("SubscriptionOptions.topics is empty");
  }
  const bool group_mode = !options.group_id.empty();
  auto subscription = absl::WrapUnique(
      new KafkaSubscription(options, std::move(partitions), std::move(known_ends)));

  KafkaProperties fixed = {
      // Full mode never joins this group; KafkaConsumer just refuses to exist without one.
      {"group.id",
       group_mode ? options.group_id : absl::StrCat(kafka.client_id, "-reader-", UniqueSuffix())},
      {"isolation.level", "read_committed"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      // Reached only for an offset out of range (e.g. removed by retention): rather read
      // again from the oldest record than skip to the newest.
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", "true"},
      {"allow.auto.create.topics", "false"},
      {"partition.assignment.strategy", "cooperative-sticky"},
  };
  if (group_mode && !options.group_instance_id.empty()) {
    fixed["group.instance.id"] = options.group_instance_id;
  }
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf =
      MakeKafkaConf(kafka, group_mode ? "group-consumer" : "reader", fixed);
  if (!conf.ok()) return conf.status();
  std::string error;
  if (group_mode &&
      (*conf)->set("rebalance_cb", &subscription->rebalancer_, error) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(absl::StrCat("setting the rebalance callback: ", error));
  }
  subscription->consumer_.reset(RdKafka::KafkaConsumer::create(conf->get(), error));
  if (subscription->consumer_ == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("creating the Kafka consumer failed: ", error));
  }
  if (group_mode) {
    if (RdKafka::ErrorCode err = subscription->consumer_->subscribe(options.topics);
        err != RdKafka::ERR_NO_ERROR) {
      return KafkaError(absl::StrCat("subscribing to ", absl::StrJoin(options.topics, ", ")), err);
    }
  }
  return subscription;
}

KafkaSubscription::KafkaSubscription(const SubscriptionOptions& options,
                                     std::vector<TopicPartition> partitions,
                                     std::shared_ptr<KnownEnds> known_ends)
    : group_mode_(!options.group_id.empty()),
      listener_(options.listener),
      all_partitions_(std::move(partitions)),
      rebalancer_(this),
      known_ends_(std::move(known_ends)) {}

KafkaSubscription::~KafkaSubscription() {
  if (consumer_ == nullptr) return;
  // close() revokes the assignment through the rebalance callback; the owner is going away
  // and gets no OnRevoked (it may be half destroyed already).
  closing_ = true;
  consumer_->close();
  consumer_.reset();
}

absl::StatusOr<std::vector<Record>> KafkaSubscription::Poll(absl::Duration timeout,
                                                            size_t max_records) {
  if (!broken_.ok()) return broken_;
  if (!deferred_.ok()) return std::exchange(deferred_, absl::OkStatus());
  if (!group_mode_ && !assigned_all_) {
    if (absl::Status status = AssignAll(); !status.ok()) return status;
  }
  std::vector<Record> records;
  if (max_records == 0) return records;
  in_progress_ = &records;
  const absl::Time deadline = absl::Now() + timeout;
  absl::Status error;
  while (records.size() < max_records) {
    // Wait for the first record only; after that, take what is already there.
    const int timeout_ms = records.empty() ? MillisUntil(deadline) : 0;
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(timeout_ms));
    if (!broken_.ok()) break;
    const RdKafka::ErrorCode err = message->err();
    if (err == RdKafka::ERR_NO_ERROR) {
      records.push_back(ToRecord(*message));
      absl::MutexLock lock(&mu_);
      read_positions_[records.back().topic_partition] = records.back().offset + 1;
    } else if (err == RdKafka::ERR__PARTITION_EOF) {
      // The end of a partition, which lies past any transaction markers there.
      const TopicPartition tp{message->topic_name(), message->partition()};
      absl::MutexLock lock(&mu_);
      if (assignment_.contains(tp)) {
        int64_t& position = read_positions_[tp];
        position = std::max(position, message->offset());
      }
    } else if (err == RdKafka::ERR__TIMED_OUT) {
      if (timeout_ms == 0) break;
    } else if (MustReport(err)) {
      std::string reason;
      if (err == RdKafka::ERR__FATAL) consumer_->fatal_error(reason);
      error = absl::Status(StatusCodeFor(err),
                           absl::StrCat("Kafka consumer error: ", message->errstr(), " ", reason,
                                        " (", RdKafka::err2str(err), ")"));
      break;
    }
  }
  in_progress_ = nullptr;
  NoteFetchedEnds();
  if (!error.ok()) {
    if (records.empty()) return error;
    deferred_ = std::move(error);
  }
  // A broken subscription still hands out what it read before breaking; the next Poll
  // reports the breakage.
  if (!broken_.ok() && records.empty()) return broken_;
  return records;
}

void KafkaSubscription::NoteFetchedEnds() {
  if (known_ends_ == nullptr) return;
  std::vector<TopicPartition> assigned;
  {
    absl::MutexLock lock(&mu_);
    assigned.assign(assignment_.begin(), assignment_.end());
  }
  for (const TopicPartition& tp : assigned) {
    int64_t low = 0;
    int64_t high = 0;
    // The high watermark may count records of a transaction not yet decided: a command
    // waiting for it waits for that decision, as the strict end would.
    if (consumer_->get_watermark_offsets(tp.topic, tp.partition, &low, &high) ==
            RdKafka::ERR_NO_ERROR &&
        high >= 0) {
      known_ends_->Note(tp, high);
    }
  }
}

std::vector<TopicPartition> KafkaSubscription::Assignment() const {
  absl::MutexLock lock(&mu_);
  return {assignment_.begin(), assignment_.end()};
}

absl::StatusOr<Positions> KafkaSubscription::ReadPositions() const {
  absl::MutexLock lock(&mu_);
  Positions positions;
  for (const TopicPartition& tp : assignment_) {
    if (auto it = read_positions_.find(tp); it != read_positions_.end()) positions[tp] = it->second;
  }
  if (assignment_.empty()) return positions;
  // librdkafka's own position also moves past transaction markers as it consumes them.
  PartitionList list(std::vector<TopicPartition>(assignment_.begin(), assignment_.end()));
  if (RdKafka::ErrorCode err = consumer_->position(list.get()); err != RdKafka::ERR_NO_ERROR) {
    return KafkaError("reading the consumer's positions", err);
  }
  for (const RdKafka::TopicPartition* tp : list.get()) {
    if (tp->offset() < 0) continue;  // not positioned yet (a logical offset)
    auto [it, inserted] = positions.try_emplace({tp->topic(), tp->partition()}, tp->offset());
    if (!inserted) it->second = std::max(it->second, tp->offset());
  }
  return positions;
}

void KafkaSubscription::ReportProgress(const Positions& next_offsets) {
  // Full-mode readers are in no group, so there is nowhere to report to.
  if (!group_mode_) return;
  PartitionList list;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [tp, offset] : next_offsets) {
      // The group accepts commits from the current owner of a partition only.
      if (!assignment_.contains(tp) || offset < 0) continue;
      list.get().push_back(RdKafka::TopicPartition::create(tp.topic, tp.partition, offset));
    }
  }
  if (list.get().empty()) return;
  // Monitoring only (consumer lag): a failed commit is superseded by the next one.
  consumer_->commitAsync(list.get());
}

absl::Status KafkaSubscription::AssignAll() {
  PartitionList list(all_partitions_);
  if (absl::Status status = SetStartOffsets(list.get()); !status.ok()) return status;
  if (RdKafka::ErrorCode err = consumer_->assign(list.get()); err != RdKafka::ERR_NO_ERROR) {
    return KafkaError("assigning the topics' partitions", err);
  }
  absl::MutexLock lock(&mu_);
  assignment_.insert(all_partitions_.begin(), all_partitions_.end());
  assigned_all_ = true;
  return absl::OkStatus();
}

absl::Status KafkaSubscription::SetStartOffsets(std::vector<RdKafka::TopicPartition*>& partitions) {
  const std::vector<TopicPartition> tps = ToTopicPartitions(partitions);
  absl::StatusOr<Positions> positions = listener_->OnAssigned(tps);
  if (!positions.ok()) {
    return absl::Status(
        positions.status().code(),
        absl::StrCat("AssignmentListener::OnAssigned failed: ", positions.status().message()));
  }
  absl::MutexLock lock(&mu_);
  for (size_t i = 0; i < partitions.size(); ++i) {
    auto it = positions->find(tps[i]);
    if (it == positions->end()) {
      partitions[i]->set_offset(RdKafka::Topic::OFFSET_BEGINNING);
      read_positions_.erase(tps[i]);
      continue;
    }
    if (it->second < 0) {
      return absl::InvalidArgumentError(absl::StrCat("AssignmentListener::OnAssigned gave offset ",
                                                     it->second, " for ", ToString(tps[i])));
    }
    partitions[i]->set_offset(it->second);
    read_positions_[tps[i]] = it->second;
  }
  return absl::OkStatus();
}

void KafkaSubscription::OnRebalance(RdKafka::ErrorCode err,
                                    std::vector<RdKafka::TopicPartition*>& partitions) {
  // The protocol follows the assignor; with cooperative-sticky it is COOPERATIVE, but a
  // group that still runs an eager assignor on another member makes it EAGER.
  const bool cooperative = consumer_->rebalance_protocol() == "COOPERATIVE";
  if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
    Assign(partitions, cooperative);
  } else if (err == RdKafka::ERR__REVOKE_PARTITIONS) {
    Revoke(partitions, cooperative);
  } else {
    // A failed rebalance: librdkafka asks for the whole assignment to be dropped.
    PartitionList all(Assignment());
    Revoke(all.get(), /*cooperative=*/false);
  }
}

void KafkaSubscription::Assign(std::vector<RdKafka::TopicPartition*>& partitions,
                               bool cooperative) {
  // Cooperative rebalances also "assign" nothing to members that keep what they have; the
  // listener only hears of actual partitions.
  absl::Status status =
      closing_ || partitions.empty() ? absl::OkStatus() : SetStartOffsets(partitions);
  if (cooperative) {
    if (ErrorPtr error(consumer_->incremental_assign(partitions)); error != nullptr) {
      status.Update(KafkaError(absl::StatusCode::kInternal, "incremental_assign", *error));
    }
  } else if (RdKafka::ErrorCode err = consumer_->assign(partitions); err != RdKafka::ERR_NO_ERROR) {
    status.Update(KafkaError("assign", err));
  }
  if (!status.ok()) {
    // The partitions stay assigned (so the group stays settled) but are never read: the
    // owner must drop this subscription and subscribe again.
    consumer_->pause(partitions);
    broken_ = status;
  }
  absl::MutexLock lock(&mu_);
  if (!cooperative) assignment_.clear();
  for (const TopicPartition& tp : ToTopicPartitions(partitions)) assignment_.insert(tp);
}

void KafkaSubscription::Revoke(std::vector<RdKafka::TopicPartition*>& partitions,
                               bool cooperative) {
  const std::vector<TopicPartition> tps = ToTopicPartitions(partitions);
  // Lost partitions (the session expired) are already someone else's; the owner hears of
  // them the same way.
  if (!closing_ && !tps.empty()) listener_->OnRevoked(tps);
  if (in_progress_ != nullptr) {
    std::erase_if(*in_progress_, [&tps](const Record& record) {
      return std::find(tps.begin(), tps.end(), record.topic_partition) != tps.end();
    });
  }
  if (cooperative) {
    if (ErrorPtr error(consumer_->incremental_unassign(partitions)); error != nullptr) {
      broken_.Update(KafkaError(absl::StatusCode::kInternal, "incremental_unassign", *error));
    }
  } else if (RdKafka::ErrorCode err = consumer_->unassign(); err != RdKafka::ERR_NO_ERROR) {
    broken_.Update(KafkaError("unassign", err));
  }
  absl::MutexLock lock(&mu_);
  if (!cooperative) {
    assignment_.clear();
    read_positions_.clear();
    return;
  }
  for (const TopicPartition& tp : tps) {
    assignment_.erase(tp);
    read_positions_.erase(tp);
  }
}

}  // namespace stem::eventlog::internal
