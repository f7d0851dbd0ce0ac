#include "libs/eventlog/internal/kafka_producer.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/check.h"
#include "libs/eventlog/internal/kafka_config.h"
#include "libs/metrics/metrics.h"

namespace stem::eventlog::internal {
namespace {

// Transactions by how they ended.
metrics::Counter& TransactionsEnded(const std::string& result) {
  static metrics::Family<metrics::Counter>& family = metrics::ProcessRegistry().AddCounter(
      "stem_kafka_transactions_total",
      "Kafka transactions of this process's appends, by how they ended: committed or aborted",
      {"result"});
  return family.With({result});
}

// The record's headers as librdkafka takes them; null when it has none.
RdKafka::Headers* HeadersOf(const OutgoingRecord& record) {
  if (record.headers.empty()) return nullptr;
  RdKafka::Headers* headers = RdKafka::Headers::create();
  for (const auto& [name, value] : record.headers) headers->add(name, value);
  return headers;
}

using ErrorPtr = std::unique_ptr<RdKafka::Error>;

// A transaction holds at least one call, and more only while it stays below these, so that
// one commit does not grow without bound under a flood of appends.
constexpr size_t kMaxTransactionRecords = 20000;
constexpr size_t kMaxTransactionBytes = 32 << 20;

constexpr absl::Duration kRetryBackoff = absl::Milliseconds(50);
// How long one init_transactions call may wait before refused credentials are looked for.
constexpr int kInitSliceMillis = 1000;
// Between attempts to replace a producer that hit a fatal error.
constexpr absl::Duration kRecoveryBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxRecoveryBackoff = absl::Seconds(2);

// Transactions per batch of calls: a transaction aborted for reasons of Kafka's own (a
// coordinator moving, an epoch bump after an earlier failure) is tried again.
constexpr int kMaxAttempts = 3;

// Errors about a record itself, which no retry cures.
bool RejectsRecord(RdKafka::ErrorCode err) {
  switch (StatusCodeFor(err)) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

// librdkafka's default, unless the options set another.
absl::Duration TransactionTimeout(const KafkaOptions& options) {
  int64_t millis = 60000;
  if (auto it = options.extra.find("transaction.timeout.ms"); it != options.extra.end()) {
    if (!absl::SimpleAtoi(it->second, &millis)) millis = 60000;
  }
  return absl::Milliseconds(millis);
}

}  // namespace

void GroupCommitProducer::DeliveryReports::dr_cb(RdKafka::Message& message) {
  auto* delivery = static_cast<Delivery*>(message.msg_opaque());
  STEM_CHECK(delivery != nullptr, "a delivery report without its record's slot");
  delivery->reported = true;
  delivery->err = message.err();
  delivery->partition = message.partition();
  delivery->offset = message.offset();
  --outstanding;
}

absl::StatusOr<std::unique_ptr<GroupCommitProducer>> GroupCommitProducer::Create(
    const KafkaOptions& options, const std::string& transactional_id, absl::Time deadline) {
  auto producer = absl::WrapUnique(new GroupCommitProducer(
      options, transactional_id, TransactionTimeout(options) + absl::Seconds(30)));
  absl::StatusOr<std::unique_ptr<RdKafka::Producer>> handle = producer->Connect(deadline);
  if (!handle.ok()) return handle.status();
  producer->producer_ = std::move(*handle);
  producer->thread_ = std::thread([p = producer.get()] { p->Run(); });
  return producer;
}

GroupCommitProducer::GroupCommitProducer(KafkaOptions options, std::string transactional_id,
                                         absl::Duration retry_limit)
    : options_(std::move(options)),
      transactional_id_(std::move(transactional_id)),
      retry_limit_(retry_limit) {}

absl::StatusOr<std::unique_ptr<RdKafka::Producer>> GroupCommitProducer::Connect(
    absl::Time deadline) {
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf =
      MakeKafkaConf(options_, "producer",
                    {
                        {"transactional.id", transactional_id_},
                        {"enable.idempotence", "true"},
                        {"acks", "all"},
                        {"allow.auto.create.topics", "false"},
                    });
  if (!conf.ok()) return conf.status();
  std::string error;
  if ((*conf)->set("dr_cb", &reports_, error) != RdKafka::Conf::CONF_OK ||
      (*conf)->set("event_cb", &credentials_, error) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(absl::StrCat("setting the producer's callbacks: ", error));
  }
  credentials_.Forget();  // a refusal of an earlier handle may have been mended since
  std::unique_ptr<RdKafka::Producer> handle(RdKafka::Producer::create(conf->get(), error));
  if (handle == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("creating the Kafka producer failed: ", error));
  }
  // Retriable errors (coordinator loading, a predecessor's transaction still completing)
  // go away; keep asking until the deadline, in slices that let refused credentials show.
  while (true) {
    const int timeout_ms = std::clamp(MillisUntil(deadline), 1, kInitSliceMillis);
    ErrorPtr init(handle->init_transactions(timeout_ms));
    if (init == nullptr) return handle;
    handle->poll(0);  // serves the error events CredentialWatch looks at
    if (std::optional<std::string> refusal = credentials_.LastRefusal(); refusal.has_value()) {
      // Not an outage: waiting for the brokers would not make them accept us.
      return KafkaError(
          absl::StatusCode::kPermissionDenied,
          absl::StrCat("the Kafka brokers refused this client's credentials (", *refusal, ")"),
          RdKafka::ERR__AUTHENTICATION);
    }
    if (init->is_retriable() && absl::Now() < deadline) {
      // A timed-out call resumes where it stopped; other retriable errors come back soon.
      if (init->code() != RdKafka::ERR__TIMED_OUT) absl::SleepFor(kRetryBackoff);
      continue;
    }
    return KafkaError(
        init->is_retriable() ? absl::StatusCode::kUnavailable
                             : absl::StatusCode::kFailedPrecondition,
        absl::StrCat("initializing Kafka transactions for transactional.id ", transactional_id_),
        *init);
  }
}

void GroupCommitProducer::Recover() {
  // The old handle's threads and connections go; a report it still serves while closing
  // lands in an orphaned slot, which lives until then.
  std::unique_ptr<RdKafka::Producer> old;
  {
    absl::MutexLock lock(&mu_);
    old = std::move(producer_);
  }
  old.reset();
  orphaned_.clear();
  reports_.outstanding = 0;

  absl::Duration backoff = kRecoveryBackoff;
  while (true) {
    absl::StatusOr<std::unique_ptr<RdKafka::Producer>> handle =
        Connect(absl::Now() + options_.request_timeout);
    absl::MutexLock lock(&mu_);
    if (handle.ok()) {
      producer_ = std::move(*handle);
      fatal_ = absl::OkStatus();
      recovering_ = false;
      return;
    }
    fatal_ = LogError(absl::StatusCode::kUnavailable,
                      absl::StrCat("the Kafka producer is being replaced after a fatal error (",
                                   handle.status().message(), "); retry later"));
    // Wakes early when the log closes.
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), backoff)) return;
    backoff = std::min(2 * backoff, kMaxRecoveryBackoff);
  }
}

void GroupCommitProducer::SimulateFatalErrorForTesting(RdKafka::ErrorCode err) {
  absl::MutexLock lock(&mu_);
  STEM_CHECK(producer_ != nullptr, "a fatal error simulated while the producer is replaced");
  rd_kafka_test_fatal_error(producer_->c_ptr(), static_cast<rd_kafka_resp_err_t>(err),
                            "simulated by a test");
}

GroupCommitProducer::~GroupCommitProducer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  // Destroy the handle before reports_, which it may still call.
  producer_.reset();
}

absl::StatusOr<std::vector<RecordPosition>> GroupCommitProducer::Append(
    std::vector<OutgoingRecord> records, std::vector<int32_t> partitions, absl::Time deadline) {
  STEM_CHECK(records.size() == partitions.size(), "one partition per record");
  auto call = std::make_shared<Call>();
  for (const OutgoingRecord& record : records) {
    call->bytes += record.key.size() + record.value.size();
  }
  call->records = std::move(records);
  call->partitions = std::move(partitions);
  call->deadline = deadline;

  absl::MutexLock lock(&mu_);
  if (!fatal_.ok()) return fatal_;
  if (stopping_) return absl::UnavailableError("the Kafka event log is closing");
  queue_.push_back(call);
  if (mu_.AwaitWithDeadline(absl::Condition(&call->done), deadline)) {
    if (!call->status.ok()) return call->status;
    return std::move(call->positions);
  }
  if (!call->taken) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), call));
    return absl::DeadlineExceededError(
        "Append: deadline passed while waiting for a Kafka transaction; none of the call's "
        "records were produced");
  }
  return absl::DeadlineExceededError(
      "Append: deadline passed while the call's Kafka transaction was in progress; its "
      "records may still become visible (retry with the same request id)");
}

bool GroupCommitProducer::HasWork() const { return stopping_ || recovering_ || !queue_.empty(); }

void GroupCommitProducer::Run() {
  while (true) {
    std::vector<std::shared_ptr<Call>> batch;
    bool recover = false;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &GroupCommitProducer::HasWork));
      if (stopping_) {
        for (const std::shared_ptr<Call>& call : queue_) {
          Complete(*call, absl::UnavailableError("the Kafka event log was closed"));
        }
        queue_.clear();
        return;
      }
      if (!fatal_.ok()) {
        for (const std::shared_ptr<Call>& call : queue_) Complete(*call, fatal_);
        queue_.clear();
        recover = recovering_;
      } else {
        batch = TakeBatch();
      }
    }
    if (recover) Recover();
    // A transaction aborted for a reason other than the calls' own records is retried with
    // the same calls, before any newer one: none of their records became visible.
    for (int attempt = 1; !batch.empty(); ++attempt) {
      batch = RunTransaction(std::move(batch), /*last_attempt=*/attempt == kMaxAttempts);
    }
  }
}

std::vector<std::shared_ptr<GroupCommitProducer::Call>> GroupCommitProducer::RunTransaction(
    std::vector<std::shared_ptr<Call>> batch, bool last_attempt) {
  auto owned_deliveries = std::make_unique<std::vector<Delivery>>();
  std::vector<Delivery>& deliveries = *owned_deliveries;
  std::vector<absl::Status> rejected(batch.size());
  const absl::Status status = Transact(batch, deliveries, rejected);
  const bool all_reported = AwaitDeliveryReports();
  // A record the brokers refused (too large, unknown topic, not authorized) condemns its
  // call, and only its call: the others of the transaction go again without it.
  size_t slot = 0;
  for (size_t c = 0; c < batch.size(); ++c) {
    for (size_t i = 0; i < batch[c]->records.size(); ++i, ++slot) {
      const Delivery& delivery = deliveries[slot];
      if (!delivery.reported || !RejectsRecord(delivery.err) || !rejected[c].ok()) continue;
      rejected[c] = KafkaError(
          absl::StrCat("Kafka rejected record ", i, " of the call (", batch[c]->records[i].topic,
                       "/", delivery.partition, "), so none of the call's records are visible"),
          delivery.err);
    }
  }
  if (!all_reported) orphaned_.push_back(std::move(owned_deliveries));

  absl::MutexLock lock(&mu_);
  const bool retry =
      !status.ok() && status.code() == absl::StatusCode::kAborted && fatal_.ok() && !last_attempt;
  const absl::Time now = absl::Now();
  std::vector<std::shared_ptr<Call>> again;
  slot = 0;
  for (size_t c = 0; c < batch.size(); ++c) {
    Call& call = *batch[c];
    if (status.ok()) {
      call.positions.reserve(call.records.size());
      for (size_t i = 0; i < call.records.size(); ++i, ++slot) {
        const Delivery& delivery = deliveries[slot];
        // A committed transaction has every record delivered to the partition asked for.
        STEM_CHECK(delivery.reported && delivery.err == RdKafka::ERR_NO_ERROR,
                   "a committed Kafka transaction with an undelivered record");
        STEM_CHECK(delivery.partition == call.partitions[i],
                   "Kafka put a record in another partition than the one asked for");
        call.positions.push_back(
            {TopicPartition{call.records[i].topic, delivery.partition}, delivery.offset});
      }
      Complete(call, absl::OkStatus());
    } else if (!rejected[c].ok()) {
      Complete(call, rejected[c]);
    } else if (!retry) {
      Complete(call, status);
    } else if (call.deadline <= now) {
      Complete(call, absl::DeadlineExceededError(absl::StrCat(
                         "Append: deadline passed; the call's Kafka transaction was aborted, so "
                         "none of its records are visible (",
                         status.message(), ")")));
    } else {
      again.push_back(batch[c]);
    }
  }
  return again;
}

std::vector<std::shared_ptr<GroupCommitProducer::Call>> GroupCommitProducer::TakeBatch() {
  std::vector<std::shared_ptr<Call>> batch;
  size_t records = 0;
  size_t bytes = 0;
  const absl::Time now = absl::Now();
  while (!queue_.empty()) {
    std::shared_ptr<Call>& next = queue_.front();
    if (next->deadline <= now) {
      // Its caller is about to give up; producing it would only risk records that the
      // caller reports as failed.
      Complete(*next, absl::DeadlineExceededError(
                          "Append: deadline passed before the call's Kafka transaction began; "
                          "none of its records were produced"));
      queue_.pop_front();
      continue;
    }
    if (!batch.empty() && (records + next->records.size() > kMaxTransactionRecords ||
                           bytes + next->bytes > kMaxTransactionBytes)) {
      break;
    }
    records += next->records.size();
    bytes += next->bytes;
    next->taken = true;
    batch.push_back(std::move(next));
    queue_.pop_front();
  }
  return batch;
}

void GroupCommitProducer::Complete(Call& call, absl::Status status) {
  call.status = std::move(status);
  call.done = true;
}

absl::Status GroupCommitProducer::Transact(const std::vector<std::shared_ptr<Call>>& batch,
                                           std::vector<Delivery>& deliveries,
                                           std::vector<absl::Status>& rejected) {
  size_t total = 0;
  for (const std::shared_ptr<Call>& call : batch) total += call->records.size();
  // Sized once: librdkafka holds pointers into it until the reports are served.
  deliveries.assign(total, Delivery{});

  if (ErrorPtr error(producer_->begin_transaction()); error != nullptr) {
    if (error->is_fatal()) return Fatal("beginning a Kafka transaction", *error, true);
    // Only a bug of ours (a transaction left open) gets here.
    return KafkaError(absl::StatusCode::kInternal, "beginning a Kafka transaction", *error);
  }
  size_t slot = 0;
  for (size_t c = 0; c < batch.size(); ++c) {
    const std::shared_ptr<Call>& call = batch[c];
    for (size_t i = 0; i < call->records.size(); ++i, ++slot) {
      const OutgoingRecord& record = call->records[i];
      while (true) {
        // librdkafka owns the headers once produce succeeds; until then they are ours.
        std::unique_ptr<RdKafka::Headers> headers(HeadersOf(record));
        const RdKafka::ErrorCode err = producer_->produce(
            record.topic, call->partitions[i], RdKafka::Producer::RK_MSG_COPY,
            const_cast<char*>(record.value.data()), record.value.size(), record.key.data(),
            record.key.size(), /*timestamp=*/0, headers.get(), &deliveries[slot]);
        if (err == RdKafka::ERR_NO_ERROR) {
          static_cast<void>(headers.release());
          ++reports_.outstanding;
          break;
        }
        if (err == RdKafka::ERR__FATAL) {
          // No transaction can end well on this handle; it was not committed, and the next
          // handle's initialization aborts it.
          return Fatal("producing a record", err, RdKafka::err2str(err), true);
        }
        if (err == RdKafka::ERR__QUEUE_FULL) {
          // The local queue drains as the brokers acknowledge; serve reports meanwhile.
          producer_->poll(10);
          continue;
        }
        if (RejectsRecord(err)) {
          rejected[c] = KafkaError(
              absl::StrCat("record ", i, " of the call (", record.topic, "/", call->partitions[i],
                           ") cannot be produced, so none of the call's "
                           "records are visible"),
              err);
        }
        return Abort(KafkaError(
            absl::StatusCode::kAborted,
            absl::StrCat("producing a record to ", record.topic, "/", call->partitions[i],
                         " failed, so the Kafka transaction was aborted "
                         "and none of the call's records are visible"),
            err));
      }
    }
  }
  return Commit();
}

absl::Status GroupCommitProducer::Commit() {
  const absl::Time give_up = absl::Now() + retry_limit_;
  while (true) {
    // -1: the transaction's remaining time, as librdkafka recommends; a shorter timeout can
    // desynchronize its state when a request fails.
    ErrorPtr error(producer_->commit_transaction(-1));
    if (error == nullptr) {
      TransactionsEnded("committed").Increment();
      return absl::OkStatus();
    }
    if (error->is_fatal()) return Fatal("committing a Kafka transaction", *error, true);
    if (error->txn_requires_abort()) {
      return Abort(KafkaError(absl::StatusCode::kAborted,
                              "the Kafka transaction failed and was aborted; none of the "
                              "call's records are visible",
                              *error));
    }
    if (error->is_retriable() && absl::Now() < give_up) {
      absl::SleepFor(kRetryBackoff);
      continue;
    }
    // Neither retriable nor abortable: librdkafka says to treat it as fatal. The commit
    // may have reached the coordinator, so nobody knows whether the records are visible.
    return Fatal("committing a Kafka transaction", *error, false);
  }
}

absl::Status GroupCommitProducer::Abort(absl::Status cause) {
  const absl::Time give_up = absl::Now() + retry_limit_;
  while (true) {
    ErrorPtr error(producer_->abort_transaction(-1));
    if (error == nullptr) {
      TransactionsEnded("aborted").Increment();
      return cause;
    }
    // Fatal while aborting: the transaction was not committed, and the coordinator aborts
    // it when it times out or when the next producer with this id initializes.
    if (error->is_fatal()) return Fatal("aborting a Kafka transaction", *error, true);
    if (error->is_retriable() && absl::Now() < give_up) {
      absl::SleepFor(kRetryBackoff);
      continue;
    }
    return Fatal("aborting a Kafka transaction", *error, true);
  }
}

absl::Status GroupCommitProducer::Fatal(std::string_view what, const RdKafka::Error& error,
                                        bool outcome_known) {
  return Fatal(what, error.code(), error.str(), outcome_known);
}

absl::Status GroupCommitProducer::Fatal(std::string_view what, RdKafka::ErrorCode error,
                                        std::string description, bool outcome_known) {
  std::string reason;
  RdKafka::ErrorCode origin = producer_->fatal_error(reason);
  if (origin == RdKafka::ERR_NO_ERROR) {
    origin = error;
    reason = std::move(description);
  }
  const bool fenced = IsFencedError(origin) || IsFencedError(error);
  // Nothing will ever be delivered now; fail what librdkafka still holds, so that its
  // reports come and AwaitDeliveryReports returns.
  producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
  if (fenced) {
    // Replacing the handle would fence the successor in turn; the process that took our
    // transactional id carries on, and this one must go.
    const std::string cause =
        absl::StrCat("the Kafka producer with transactional.id ", transactional_id_,
                     " was fenced by a newer producer with the same id (", reason, ")");
    {
      absl::MutexLock lock(&mu_);
      fatal_ = LogError(absl::StatusCode::kFailedPrecondition,
                        absl::StrCat("the Kafka event log refuses appends after ", cause,
                                     "; restart the process"));
    }
    if (outcome_known) {
      return LogError(absl::StatusCode::kAborted,
                      absl::StrCat(cause, "; none of the call's records are visible"));
    }
    return LogError(absl::StatusCode::kUnavailable,
                    absl::StrCat(cause, "; whether the call's records are visible is unknown"));
  }
  // Any other fatal error ends this handle, not the log: Recover makes a new one, whose
  // initialization also settles the transaction this one left.
  const std::string cause = absl::StrCat("fatal Kafka producer error while ", ToAbsl(what), ": ",
                                         reason, " (", RdKafka::err2str(origin), ")");
  {
    absl::MutexLock lock(&mu_);
    recovering_ = true;
    fatal_ = LogError(
        absl::StatusCode::kUnavailable,
        absl::StrCat("the Kafka producer is being replaced after a ", cause, "; retry later"));
  }
  return LogError(absl::StatusCode::kUnavailable,
                  absl::StrCat(cause, outcome_known ? "; none of the call's records are visible"
                                                    : "; whether the call's records are visible is "
                                                      "unknown (retry with the same request id)"));
}

bool GroupCommitProducer::AwaitDeliveryReports() {
  // Bounded: after a fatal error librdkafka may never report some records.
  for (int attempt = 0; attempt < 100 && reports_.outstanding > 0; ++attempt) {
    producer_->flush(100);
  }
  STEM_CHECK(reports_.outstanding >= 0, "more delivery reports than records produced");
  return reports_.outstanding == 0;
}

}  // namespace stem::eventlog::internal
