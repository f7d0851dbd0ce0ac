// The Kafka event log's writer: a transactional producer behind a group-commit queue.
//
// Callers of Append queue their records and wait; one producer thread takes every queued
// call, produces their records in one transaction and commits it, then completes each call
// with its records' positions (from the delivery reports). A commit costs a few round trips
// to the transaction coordinator and the partition leaders, whatever its size, so under
// concurrency many calls share one commit instead of queueing behind each other's.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_PRODUCER_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_PRODUCER_H_

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/kafka_credential_watch.h"
#include "libs/eventlog/kafka_event_log.h"

namespace stem::eventlog::internal {

// Thread-safe.
class GroupCommitProducer {
 public:
  // Creates the producer and initializes transactions (which fences any earlier producer
  // with the same transactional id and aborts its open transaction), waiting until
  // `deadline` for the transaction coordinator.
  static absl::StatusOr<std::unique_ptr<GroupCommitProducer>> Create(
      const KafkaOptions& options, const std::string& transactional_id, absl::Time deadline);

  // Fails the calls still queued (UNAVAILABLE), finishes the transaction in progress.
  ~GroupCommitProducer();

  GroupCommitProducer(const GroupCommitProducer&) = delete;
  GroupCommitProducer& operator=(const GroupCommitProducer&) = delete;

  // Appends `records` in one transaction, records[i] to partition partitions[i]. The error
  // codes are those of kafka_event_log.h.
  absl::StatusOr<std::vector<RecordPosition>> Append(std::vector<OutgoingRecord> records,
                                                     std::vector<int32_t> partitions,
                                                     absl::Time deadline);

  // Raises a fabricated fatal error `err` in the current librdkafka handle, as a broker
  // would: the next transaction fails on it. For tests of the recovery from fatal errors,
  // which a healthy broker cannot be made to cause.
  void SimulateFatalErrorForTesting(RdKafka::ErrorCode err);

 private:
  // One Append call, shared by its caller and the producer thread.
  struct Call {
    std::vector<OutgoingRecord> records;
    std::vector<int32_t> partitions;
    absl::Time deadline;
    size_t bytes = 0;
    // Set when the producer thread puts it in a transaction; from then on its records may
    // become visible.
    bool taken = false;
    bool done = false;
    absl::Status status;
    std::vector<RecordPosition> positions;
  };
  // What a delivery report said about one record.
  struct Delivery {
    bool reported = false;
    RdKafka::ErrorCode err = RdKafka::ERR_NO_ERROR;
    int32_t partition = -1;
    int64_t offset = -1;
  };
  class DeliveryReports : public RdKafka::DeliveryReportCb {
   public:
    void dr_cb(RdKafka::Message& message) override;
    // Records produced whose report has not been served yet (producer thread only).
    int64_t outstanding = 0;
  };

  GroupCommitProducer(KafkaOptions options, std::string transactional_id,
                      absl::Duration retry_limit);

  // A new librdkafka handle with its transactions initialized (which fences any earlier
  // handle with our transactional id and settles its open transaction), trying until
  // `deadline`.
  absl::StatusOr<std::unique_ptr<RdKafka::Producer>> Connect(absl::Time deadline);
  // After a fatal error that did not fence us: replaces the handle, with backoff, until a
  // new one initializes or the producer stops. Appends meanwhile are refused at once.
  void Recover();

  // The producer thread's loop.
  void Run();
  bool HasWork() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  std::vector<std::shared_ptr<Call>> TakeBatch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Complete(Call& call, absl::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Runs one transaction over `batch` and completes the calls it settles: all of them when
  // it commits; when it aborts, the calls with a rejected record and, unless the abort may
  // be retried, the rest. Returns the calls to try again in a new transaction.
  std::vector<std::shared_ptr<Call>> RunTransaction(std::vector<std::shared_ptr<Call>> batch,
                                                    bool last_attempt);
  // One transaction over `batch`; fills `deliveries` (one per record, in batch order) and,
  // for a call with a record that cannot be produced, `rejected` (one per call).
  absl::Status Transact(const std::vector<std::shared_ptr<Call>>& batch,
                        std::vector<Delivery>& deliveries, std::vector<absl::Status>& rejected);
  absl::Status Commit();
  // Aborts the transaction and returns `cause` (or the fatal error aborting ran into).
  absl::Status Abort(absl::Status cause);
  // Records a fatal producer error: this transaction's callers get the returned status and
  // every later Append gets fatal_, for good when a newer producer fenced us, else until
  // Recover has a new handle. `outcome_known`: Kafka rejected the transaction, so none of its
  // records can become visible.
  absl::Status Fatal(std::string_view what, const RdKafka::Error& error, bool outcome_known);
  absl::Status Fatal(std::string_view what, RdKafka::ErrorCode error, std::string description,
                     bool outcome_known);
  // Serves delivery reports until every produced record has one, so that none arrives
  // later into a Delivery that no longer exists. False if some never came.
  bool AwaitDeliveryReports();

  const KafkaOptions options_;
  const std::string transactional_id_;
  // How long commit and abort may keep retrying before the outcome counts as unknown.
  const absl::Duration retry_limit_;

  DeliveryReports reports_;
  CredentialWatch credentials_;
  // Used by the producer thread only; replaced by Recover (under mu_, for the test hook).
  std::unique_ptr<RdKafka::Producer> producer_;

  absl::Mutex mu_;
  std::deque<std::shared_ptr<Call>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Not OK after a fatal error: every Append fails with it. UNAVAILABLE while recovering_,
  // FAILED_PRECONDITION for good after a fence.
  absl::Status fatal_ ABSL_GUARDED_BY(mu_);
  bool recovering_ ABSL_GUARDED_BY(mu_) = false;
  // Deliveries whose reports never came (only after fatal errors); kept alive while the
  // handle that may still report them lives.
  std::vector<std::unique_ptr<std::vector<Delivery>>> orphaned_;

  std::thread thread_;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_PRODUCER_H_
