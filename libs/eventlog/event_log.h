// The event log: the suite's single source of truth.
//
// One interface, two implementations with the same contract (testing/log_contract.h):
//   - KafkaEventLog (kafka_event_log.h): Apache Kafka through librdkafka, for clusters;
//   - EmbeddedEventLog (embedded_event_log.h): a durable log in a local directory, for the
//     all-in-one mode and fast tests.
//
// Contract:
//   - A topic has a fixed number of partitions. A record's key decides its partition
//     (PartitionForKey, the same murmur2 hash as Kafka's Java clients), so all records of one
//     key stay in one partition, in append order.
//   - Append is atomic and durable: when it returns OK, every record of the call is in the
//     log and survives a crash (Kafka: one transaction, acks=all; embedded: one framed,
//     checksummed write); when it fails, readers never see any record of the call.
//   - Offsets grow within a partition; they need not be dense (Kafka leaves gaps for
//     transaction markers).
//   - A subscription delivers, per partition, records in offset order, from the position its
//     AssignmentListener gives. Positions are owned by the subscriber (its projection store),
//     not by the log.
#ifndef STEM_LIBS_EVENTLOG_EVENT_LOG_H_
#define STEM_LIBS_EVENTLOG_EVENT_LOG_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stem::eventlog {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;

  friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
  friend bool operator==(const TopicPartition&, const TopicPartition&) = default;
};

std::string ToString(const TopicPartition& tp);

// Next offset to read, per partition.
using Positions = std::map<TopicPartition, int64_t>;

struct TopicSpec {
  std::string name;
  int32_t partitions = 1;
  // Kafka only; the embedded log keeps one copy.
  int16_t replication_factor = 1;
  std::map<std::string, std::string> configs;
};

struct OutgoingRecord {
  std::string topic;
  std::string key;
  std::string value;
  // Kafka record headers, for tools that read the topics (libs/events/record_headers.h); they
  // repeat what the value says and carry nothing a reader of this interface needs, so the
  // embedded log does not keep them and Record has none.
  std::vector<std::pair<std::string, std::string>> headers = {};
};

struct RecordPosition {
  TopicPartition topic_partition;
  int64_t offset = 0;
};

struct Record {
  TopicPartition topic_partition;
  int64_t offset = 0;
  std::string key;
  std::string value;
  // When the log accepted the record (wall clock of the broker or of the embedded writer).
  absl::Time log_time;
};

// Decides where a subscription starts in each partition it is given, and hears about
// partitions taken away. Called on the thread that calls Subscription::Poll, from inside
// Poll, so the owner never sees a rebalance between applying a batch and committing it.
class AssignmentListener {
 public:
  virtual ~AssignmentListener() = default;
  // Next offset to read for each given partition; a partition left out is read from its
  // beginning.
  virtual absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>& partitions) = 0;
  virtual void OnRevoked(const std::vector<TopicPartition>& partitions) = 0;
};

struct SubscriptionOptions {
  std::vector<std::string> topics;
  // Empty: the subscription reads every partition of the topics by itself (each replica
  // keeps a full read model). Set: it joins this consumer group (cooperative-sticky) and
  // reads the partitions the group gives it.
  std::string group_id;
  // Kafka static membership (e.g. the pod name), so a restarted replica gets its
  // partitions back without a rebalance. Ignored without group_id.
  std::string group_instance_id;
  // Not owned; must outlive the subscription.
  AssignmentListener* listener = nullptr;
};

class Subscription {
 public:
  virtual ~Subscription() = default;
  // Waits up to `timeout` for records and returns at most `max_records` of them, in offset
  // order within each partition. An empty result is not an error.
  virtual absl::StatusOr<std::vector<Record>> Poll(absl::Duration timeout, size_t max_records) = 0;
  virtual std::vector<TopicPartition> Assignment() const = 0;
  // The next offset this subscription will read in each assigned partition. It can be past
  // the last record delivered + 1 (Kafka skips transaction markers), so "caught up" means
  // ReadPositions() >= EndOffsets(), not "last record + 1 >= EndOffsets()". A partition
  // assigned but not yet positioned is left out.
  virtual absl::StatusOr<Positions> ReadPositions() const = 0;
  // Tells the log how far the owner has durably applied, for monitoring only (Kafka:
  // committed offsets of the group, which consumer-lag autoscaling reads). The owner's
  // store remains the truth about positions.
  virtual void ReportProgress(const Positions& next_offsets) = 0;
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  // Creates missing topics; an existing topic with another partition count is an error.
  // Every topic keeps every record forever (rulebook section 9): one whose settings may
  // delete or compact records is FAILED_PRECONDITION / TOPIC_RETENTION_FINITE, so that a
  // process refuses to start on it rather than rebuild from a partial log.
  virtual absl::Status EnsureTopics(const std::vector<TopicSpec>& topics) = 0;
  virtual absl::StatusOr<int32_t> PartitionCount(std::string_view topic) = 0;
  // Appends all records atomically and durably; positions come back in the order given.
  virtual absl::StatusOr<std::vector<RecordPosition>> Append(std::vector<OutgoingRecord> records,
                                                             absl::Time deadline) = 0;
  // The offset one past the last readable record of every partition of the topic.
  virtual absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) = 0;
  // An end of one partition that a command waits for before it decides: past every record
  // this process appended there, and past what the log last told it of other writers'
  // records. It may lag another process's newest append by a fetch round (a decision on
  // that older state is caught by the command guard and decided again), and in return
  // costs no round trip to a broker once the partition is being read. This default asks
  // EndOffsets, which a log answers cheaply when its ends are local.
  virtual absl::StatusOr<int64_t> RecentEnd(const TopicPartition& partition, absl::Time deadline);
  // What this process knows of a partition's end without asking anyone (for metrics: a
  // projection's lag); nullopt when it knows nothing. Never blocks on the network.
  virtual std::optional<int64_t> KnownEnd(const TopicPartition& /*partition*/) {
    return std::nullopt;
  }
  virtual absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscriptionOptions& options) = 0;
};

// Kafka's default partitioner for keyed records (murmur2, as in the Java client), so that
// both implementations, and any other Kafka client, agree on where a key lives.
int32_t PartitionForKey(std::string_view key, int32_t partitions);

}  // namespace stem::eventlog

#endif  // STEM_LIBS_EVENTLOG_EVENT_LOG_H_
