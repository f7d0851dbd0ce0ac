#include "libs/eventlog/kafka_event_log.h"

#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/eventlog/internal/kafka_admin.h"
#include "libs/eventlog/internal/kafka_config.h"
#include "libs/eventlog/internal/kafka_known_ends.h"
#include "libs/eventlog/internal/kafka_producer.h"
#include "libs/eventlog/internal/kafka_subscription.h"

namespace stem::eventlog {
namespace {

// Every error leaves the log with a reason (and, when retrying helps, a retry delay).
template <typename T>
absl::StatusOr<T> Reasoned(absl::StatusOr<T> result) {
  if (!result.ok()) return internal::WithLogReason(result.status());
  return result;
}

class KafkaEventLog final : public EventLog {
 public:
  KafkaEventLog(KafkaOptions options, std::unique_ptr<internal::KafkaAdmin> admin,
                std::unique_ptr<internal::GroupCommitProducer> producer)
      : options_(std::move(options)), admin_(std::move(admin)), producer_(std::move(producer)) {}

  absl::Status EnsureTopics(const std::vector<TopicSpec>& topics) override {
    return internal::WithLogReason(
        admin_->EnsureTopics(topics, absl::Now() + options_.request_timeout));
  }

  absl::StatusOr<int32_t> PartitionCount(std::string_view topic) override {
    return Reasoned(admin_->PartitionCount(topic, absl::Now() + options_.request_timeout));
  }

  absl::StatusOr<std::vector<RecordPosition>> Append(std::vector<OutgoingRecord> records,
                                                     absl::Time deadline) override {
    if (records.empty()) return std::vector<RecordPosition>();
    if (deadline <= absl::Now()) {
      return internal::LogError(absl::StatusCode::kDeadlineExceeded,
                                "Append: deadline passed before the call; nothing appended");
    }
    // Refused at once rather than queued until the deadline while the brokers are away.
    if (!admin_->BrokersReachable()) {
      return internal::LogError(absl::StatusCode::kUnavailable,
                                "Append: no Kafka broker answers; nothing appended");
    }
    std::vector<int32_t> partitions;
    partitions.reserve(records.size());
    for (const OutgoingRecord& record : records) {
      // Cached after the first lookup, so this costs a map search per record.
      absl::StatusOr<int32_t> count = admin_->PartitionCount(record.topic, deadline);
      if (!count.ok()) {
        return internal::LogError(count.status().code(), absl::StrCat("Append: nothing appended: ",
                                                                      count.status().message()));
      }
      partitions.push_back(PartitionForKey(record.key, *count));
    }
    absl::StatusOr<std::vector<RecordPosition>> appended =
        producer_->Append(std::move(records), std::move(partitions), deadline);
    if (appended.ok()) {
      admin_->NoteBrokersAnswered();
      for (const RecordPosition& position : *appended) {
        known_ends_->Note(position.topic_partition, position.offset + 1);
      }
    }
    return Reasoned(std::move(appended));
  }

  // Without a broker round trip once the partition is read here (the consumers note each
  // fetch's high watermark) or was appended to; the first time, the strict end.
  absl::StatusOr<int64_t> RecentEnd(const TopicPartition& partition, absl::Time deadline) override {
    if (std::optional<int64_t> known = known_ends_->Get(partition)) return *known;
    absl::StatusOr<int64_t> end = EventLog::RecentEnd(partition, deadline);
    if (end.ok()) known_ends_->Note(partition, *end);
    return end;
  }

  std::optional<int64_t> KnownEnd(const TopicPartition& partition) override {
    return known_ends_->Get(partition);
  }

  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) override {
    return Reasoned(admin_->EndOffsets(topic, deadline));
  }

  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscriptionOptions& options) override {
    // Checked here for both modes, so that a missing topic is NOT_FOUND now rather than a
    // consumer error at some later Poll.
    std::vector<TopicPartition> partitions;
    const absl::Time deadline = absl::Now() + options_.request_timeout;
    for (const std::string& topic : options.topics) {
      absl::StatusOr<int32_t> count = admin_->PartitionCount(topic, deadline);
      if (!count.ok()) return internal::WithLogReason(count.status());
      for (int32_t partition = 0; partition < *count; ++partition) {
        partitions.push_back({topic, partition});
      }
    }
    absl::StatusOr<std::unique_ptr<internal::KafkaSubscription>> subscription =
        internal::KafkaSubscription::Create(options_, options, std::move(partitions), known_ends_);
    if (!subscription.ok()) return internal::WithLogReason(subscription.status());
    return std::unique_ptr<Subscription>(std::move(*subscription));
  }

 private:
  const KafkaOptions options_;
  const std::unique_ptr<internal::KafkaAdmin> admin_;
  const std::unique_ptr<internal::GroupCommitProducer> producer_;
  // Shared with the subscriptions, which note their fetches' high watermarks in it.
  const std::shared_ptr<internal::KnownEnds> known_ends_ = std::make_shared<internal::KnownEnds>();
};

}  // namespace

absl::StatusOr<std::unique_ptr<EventLog>> OpenKafkaEventLog(const KafkaOptions& options) {
  if (absl::Status valid = internal::ValidateExtraProperties(options.extra); !valid.ok()) {
    return valid;
  }
  absl::StatusOr<std::unique_ptr<internal::KafkaAdmin>> admin =
      internal::KafkaAdmin::Create(options);
  if (!admin.ok()) return admin.status();
  const std::string transactional_id =
      options.transactional_id.empty()
          ? absl::StrCat(options.client_id, "-", internal::UniqueSuffix())
          : options.transactional_id;
  absl::StatusOr<std::unique_ptr<internal::GroupCommitProducer>> producer =
      internal::GroupCommitProducer::Create(options, transactional_id,
                                            absl::Now() + options.request_timeout);
  if (!producer.ok()) return producer.status();
  return std::make_unique<KafkaEventLog>(options, std::move(*admin), std::move(*producer));
}

}  // namespace stem::eventlog
