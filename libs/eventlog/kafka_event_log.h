// The event log on Apache Kafka, through librdkafka.
//
// Appends run in Kafka transactions on an idempotent producer with acks=all: a call's
// records become visible together or not at all, and a restarted replica with the same
// transactional id fences its predecessor. Subscriptions read committed records only, never
// auto-commit, and join consumer groups with the cooperative-sticky assignor.
#ifndef STEM_LIBS_EVENTLOG_KAFKA_EVENT_LOG_H_
#define STEM_LIBS_EVENTLOG_KAFKA_EVENT_LOG_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
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
  // ssl.*, ...). Properties the contract depends on cannot be overridden.
  std::map<std::string, std::string> extra;
};

absl::StatusOr<std::unique_ptr<EventLog>> OpenKafkaEventLog(const KafkaOptions& options);

}  // namespace stem::eventlog

#endif  // STEM_LIBS_EVENTLOG_KAFKA_EVENT_LOG_H_
