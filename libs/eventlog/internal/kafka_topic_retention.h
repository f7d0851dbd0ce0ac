// Every topic of the suite keeps every record forever (rulebook section 9: the log is kept
// whole). Kafka's defaults delete records after seven days, so the event log creates its
// topics with the settings below and refuses to work on a topic whose effective settings
// would delete or compact records, whoever created it.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_TOPIC_RETENTION_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_TOPIC_RETENTION_H_

#include <librdkafka/rdkafka.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stem::eventlog::internal {

using TopicConfig = std::map<std::string, std::string, std::less<>>;

// The reason of FAILED_PRECONDITION for a topic that may lose records.
inline constexpr std::string_view kTopicRetentionFinite = "TOPIC_RETENTION_FINITE";

// retention.ms=-1, retention.bytes=-1, cleanup.policy=delete.
const TopicConfig& KeepForeverConfig();

// OK when `config` (a topic's effective configuration) keeps every record forever;
// FAILED_PRECONDITION / TOPIC_RETENTION_FINITE naming the topic and each setting that does
// not, with the value it needs. A setting missing from `config` counts as not keeping.
absl::Status CheckKeepsEveryRecord(std::string_view topic, const TopicConfig& config);

// The effective configuration of each topic (DescribeConfigs through the Admin API of `rk`).
absl::StatusOr<std::map<std::string, TopicConfig>> DescribeTopicConfigs(
    rd_kafka_t* rk, const std::vector<std::string>& topics, absl::Time deadline);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_TOPIC_RETENTION_H_
