// The event log on Apache Kafka, through librdkafka.
//
// Appends run in Kafka transactions on an idempotent producer with acks=all: a call's
// records become visible together or not at all, and a restarted replica with the same
// transactional id fences its predecessor. Subscriptions read committed records only, never
// auto-commit, and join consumer groups with the cooperative-sticky assignor.
//
// Append (group commit): one producer thread per log takes every Append waiting at that
// moment, produces all their records (partition = PartitionForKey) in one transaction and
// commits it, so concurrent callers share the commit's round trips. A transaction that
// aborts for Kafka's own reasons (coordinator moves, an epoch bump) is retried with the same
// calls a few times before they fail; a call with a record Kafka rejects fails alone and
// the others of its transaction are retried without it. Errors:
//   - INVALID_ARGUMENT / NOT_FOUND / PERMISSION_DENIED: Kafka rejected one of the call's
//     records (e.g. larger than the topic's max.message.bytes); none of its records are
//     visible. Retrying does not help.
//   - ABORTED: the transaction failed and was aborted (or the producer was fenced); none of
//     the call's records are visible. Retrying is safe.
//   - DEADLINE_EXCEEDED: the deadline passed. If the call was still queued, nothing was
//     appended (the message says so); if its transaction had begun, its records may still
//     become visible. Either way the caller retries with the same request id, and
//     consumers dedupe by event id.
//   - FAILED_PRECONDITION: a fatal producer error earlier (typically: another process opened
//     a log with the same transactional id and fenced this one). The log refuses every
//     further Append; the process must restart.
//   - NOT_FOUND: a record names a topic that does not exist.
//   - UNAVAILABLE: the log is being destroyed, or (rarely) a fatal error struck during a
//     commit so that its outcome is unknown; the log then refuses appends as above, and the
//     restarted process retries with the same request id.
// Visibility: when Append returns OK its records are durable, but Kafka writes the commit
// markers that make them readable (read_committed) a moment later, partition by partition.
// A reader may so see a call's records in one partition shortly before those in another,
// and must wait for the positions Append returned rather than expect them at once; it never
// sees a record of a call that failed (DEADLINE_EXCEEDED after the transaction began
// excepted, see above).
// EndOffsets is, per partition, the last stable offset once it has passed the high
// watermark seen at the call: past every record appended before the call and past the
// transaction markers of those appends (so two calls on a quiet log agree), and reachable by
// a read_committed reader without waiting. Offsets have gaps (markers, aborted records), so
// compare it with Subscription::ReadPositions(), never with "last record offset + 1". It
// waits for transactions open at the call to be decided: ours take milliseconds; one of a
// producer that died mid-transaction lasts until Kafka aborts it (transaction.timeout.ms),
// or until the deadline (DEADLINE_EXCEEDED).
// Subscriptions: Poll, ReadPositions and ReportProgress belong to one thread (the owner's);
// Assignment may be called from any thread. Destroying a subscription leaves its group (a
// static member, with group_instance_id, keeps its partitions until the session times out)
// without calling OnRevoked. If OnAssigned fails, Poll returns its error: a full-mode
// reader asks again on the next Poll; a group member's new partitions stay paused and every
// later Poll fails, so the owner must destroy the subscription and subscribe again.
// Subscriptions do not refer to the EventLog and may outlive it. EventLog's own methods are
// thread-safe.
#ifndef STEM_LIBS_EVENTLOG_KAFKA_EVENT_LOG_H_
#define STEM_LIBS_EVENTLOG_KAFKA_EVENT_LOG_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"

namespace stem::eventlog {

struct KafkaOptions {
  // host:port[,host:port...]
  std::string bootstrap_servers;
  // Identifies this producer across restarts (e.g. "<service>-<pod name>"), so that a
  // restarted replica fences its predecessor's unfinished transaction. Must differ between
  // replicas that run at the same time. Empty: a unique id per process.
  std::string transactional_id;
  // Prefix of the client.id of every librdkafka handle (shows in broker logs and metrics).
  std::string client_id = "stem";
  // Extra librdkafka properties for producer and consumers alike (security.protocol,
  // ssl.*, session.timeout.ms, transaction.timeout.ms, ...). Properties the contract depends
  // on cannot be set here (INVALID_ARGUMENT): bootstrap.servers, client.id and
  // transactional.id (use the fields above), enable.idempotence, acks, isolation.level,
  // enable.auto.commit, enable.auto.offset.store, auto.offset.reset, group.id,
  // group.instance.id, partition.assignment.strategy, enable.partition.eof,
  // allow.auto.create.topics (and their aliases).
  std::map<std::string, std::string> extra;
  // How long calls without a deadline of their own (OpenKafkaEventLog, EnsureTopics,
  // PartitionCount, Subscribe) wait for the brokers.
  absl::Duration request_timeout = absl::Seconds(30);
};

absl::StatusOr<std::unique_ptr<EventLog>> OpenKafkaEventLog(const KafkaOptions& options);

}  // namespace stem::eventlog

#endif  // STEM_LIBS_EVENTLOG_KAFKA_EVENT_LOG_H_
