// Topic administration and metadata for the Kafka event log: CreateTopics (Admin API),
// partition counts (metadata, cached) and end offsets (ListOffsets).
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_ADMIN_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_ADMIN_H_

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/fresh_fetch.h"
#include "libs/eventlog/internal/kafka_reachability.h"
#include "libs/eventlog/kafka_event_log.h"

namespace stem::eventlog::internal {

// Thread-safe.
class KafkaAdmin {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaAdmin>> Create(const KafkaOptions& options);

  // Creates the missing topics (a topic that exists already is fine) and checks that every
  // topic has the partition count asked for (FAILED_PRECONDITION when not). Topics created
  // here get message.timestamp.type=LogAppendTime unless their spec says otherwise, so that
  // Record::log_time is the broker's clock, as the interface promises, and keep every record
  // forever (KeepForeverConfig; a spec asking otherwise is INVALID_ARGUMENT). Every topic,
  // new or old, must keep every record by its effective configuration:
  // FAILED_PRECONDITION / TOPIC_RETENTION_FINITE when one may delete or compact records.
  absl::Status EnsureTopics(const std::vector<TopicSpec>& topics, absl::Time deadline);

  // NOT_FOUND for a topic that does not exist. Counts are cached: a topic's partition count
  // never changes in this suite (keys would move to other partitions).
  absl::StatusOr<int32_t> PartitionCount(std::string_view topic, absl::Time deadline);

  // Per partition, the last stable offset (LSO), once it has reached the high watermark seen
  // when called. Why not the high watermark itself: it counts records of transactions not
  // yet decided, which a read_committed reader cannot pass. Why not the LSO at once: Kafka
  // writes a transaction's commit markers after the commit call returns, so right after an
  // Append the LSO can still lie before the call's records. The LSO once past the high
  // watermark lies past every record appended before the call and every marker of those
  // appends, so a read_committed reader reaches it without waiting for anything, and two
  // calls on a log nobody writes to agree. Waits for transactions open when called (our own:
  // milliseconds; a producer that died mid-transaction: until Kafka aborts it, or until
  // `deadline`, DEADLINE_EXCEEDED). The queries run on a thread per topic (fresh_fetch.h):
  // the call returns by `deadline` even while no broker answers (UNAVAILABLE /
  // LOG_UNAVAILABLE), and concurrent callers share one query.
  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline);

  // Whether a broker answered lately (kafka_reachability.h). While none does, EndOffsets
  // fails at once.
  bool BrokersReachable() const { return reachability_->reachable(); }
  // A broker answered a request made elsewhere (an append).
  void NoteBrokersAnswered() { reachability_->NoteAnswered(); }

 private:
  using SharedConsumer = std::shared_ptr<RdKafka::Consumer>;
  KafkaAdmin(SharedConsumer handle, SharedConsumer committed_handle, absl::Duration fetch_timeout);

  // EndOffsets as the brokers answer it, on the calling thread.
  static absl::StatusOr<Positions> FetchEndOffsets(RdKafka::Consumer& handle,
                                                   RdKafka::Consumer& committed_handle,
                                                   const std::string& topic, int32_t partitions,
                                                   absl::Time deadline);
  FreshFetch<Positions>& EndOffsetsFetch(const std::string& topic, int32_t partitions);

  // The partition's high watermark as `handle` sees it (its isolation level decides between
  // the high watermark and the last stable offset).
  static absl::StatusOr<int64_t> HighWatermark(RdKafka::Consumer& handle, const std::string& topic,
                                               int32_t partition, absl::Time deadline);

  // Asks the brokers, bypassing the cache.
  absl::StatusOr<int32_t> FetchPartitionCount(const std::string& topic, absl::Time deadline);
  absl::Status CreateTopics(const std::vector<TopicSpec>& topics, absl::Time deadline);
  absl::Status CheckTopicsKeepEveryRecord(const std::vector<TopicSpec>& topics,
                                          absl::Time deadline);

  // Plain (group-less) consumer handles: they can do metadata, ListOffsets, and, through
  // their C handle, the Admin API. ListOffsets takes the handle's isolation level, hence two:
  // read_uncommitted (high watermark) and read_committed (last stable offset).
  // Shared with the end offset fetches, which may outlive this object (fresh_fetch.h).
  const SharedConsumer handle_;
  const SharedConsumer committed_handle_;
  const absl::Duration fetch_timeout_;
  const std::unique_ptr<BrokerReachability> reachability_;
  absl::Mutex mu_;
  std::map<std::string, int32_t, std::less<>> partition_counts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::unique_ptr<FreshFetch<Positions>>, std::less<>> end_offsets_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_ADMIN_H_
