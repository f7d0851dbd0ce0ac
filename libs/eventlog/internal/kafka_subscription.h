// A subscription to the Kafka event log: a read_committed KafkaConsumer that never commits
// by itself and takes its start positions from the AssignmentListener.
//
// Full mode (no group id): the consumer reads every partition of the topics. KafkaConsumer
// insists on a group.id, so it gets a throw-away one, and it never joins that group: it
// assign()s the partitions itself, on the first Poll, at the offsets OnAssigned returns.
//
// Group mode: the consumer subscribe()s with the cooperative-sticky assignor; the rebalance
// callback, which librdkafka runs inside consume() and so inside Poll, asks the listener for
// positions of newly assigned partitions and tells it about revoked (or lost) ones.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_SUBSCRIPTION_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_SUBSCRIPTION_H_

#include <librdkafka/rdkafkacpp.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/kafka_known_ends.h"
#include "libs/eventlog/kafka_event_log.h"

namespace stem::eventlog::internal {

class KafkaSubscription final : public Subscription {
 public:
  // `partitions`: every partition of the topics (used in full mode only). Each Poll notes
  // the high watermarks of the last fetches in `known_ends`.
  static absl::StatusOr<std::unique_ptr<KafkaSubscription>> Create(
      const KafkaOptions& kafka, const SubscriptionOptions& options,
      std::vector<TopicPartition> partitions, std::shared_ptr<KnownEnds> known_ends);

  // Closes the consumer: it leaves its group (unless it is a static member), without
  // calling the listener.
  ~KafkaSubscription() override;

  absl::StatusOr<std::vector<Record>> Poll(absl::Duration timeout, size_t max_records) override;
  std::vector<TopicPartition> Assignment() const override;
  absl::StatusOr<Positions> ReadPositions() const override;
  void ReportProgress(const Positions& next_offsets) override;

 private:
  class Rebalancer : public RdKafka::RebalanceCb {
   public:
    explicit Rebalancer(KafkaSubscription* owner) : owner_(owner) {}
    void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                      std::vector<RdKafka::TopicPartition*>& partitions) override;

   private:
    KafkaSubscription* const owner_;
  };

  KafkaSubscription(const SubscriptionOptions& options, std::vector<TopicPartition> partitions,
                    std::shared_ptr<KnownEnds> known_ends);
  // Notes the cached high watermark of every assigned partition (no broker round trip).
  void NoteFetchedEnds();

  // Full mode: asks the listener for positions and assigns every partition.
  absl::Status AssignAll();
  void OnRebalance(RdKafka::ErrorCode err, std::vector<RdKafka::TopicPartition*>& partitions);
  void Assign(std::vector<RdKafka::TopicPartition*>& partitions, bool cooperative);
  void Revoke(std::vector<RdKafka::TopicPartition*>& partitions, bool cooperative);
  // Sets each partition's start offset from the listener (OFFSET_BEGINNING when it names
  // none) and remembers it as the partition's read position.
  absl::Status SetStartOffsets(std::vector<RdKafka::TopicPartition*>& partitions);

  const bool group_mode_;
  AssignmentListener* const listener_;
  // Every partition of the topics, for full mode.
  const std::vector<TopicPartition> all_partitions_;
  Rebalancer rebalancer_;
  const std::shared_ptr<KnownEnds> known_ends_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;

  // Owner thread only (Poll and the callbacks it runs).
  bool assigned_all_ = false;
  bool closing_ = false;
  // Once a rebalance callback fails (the listener's OnAssigned, or librdkafka's assign),
  // the subscription's view of its partitions is broken: every Poll returns this.
  absl::Status broken_;
  // An error met after some records were already taken in a Poll, returned by the next one.
  absl::Status deferred_;
  // The records the current Poll has taken so far; a revocation drops its partitions' ones,
  // so that the owner never gets records of a partition after OnRevoked for it.
  std::vector<Record>* in_progress_ = nullptr;

  mutable absl::Mutex mu_;
  std::set<TopicPartition> assignment_ ABSL_GUARDED_BY(mu_);
  // Next offset to read per assigned partition, when known: the start offset, then one past
  // each delivered record, then the end reached (past transaction markers).
  Positions read_positions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_SUBSCRIPTION_H_
