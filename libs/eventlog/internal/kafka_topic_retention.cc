#include "libs/eventlog/internal/kafka_topic_retention.h"

#include <librdkafka/rdkafka.h>

#include <array>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_compat.h"
#include "libs/common/check.h"
#include "libs/common/error.h"
#include "libs/eventlog/internal/kafka_admin_request.h"
#include "libs/eventlog/internal/kafka_config.h"

namespace stem::eventlog::internal {
namespace {

struct ConfigResourceDeleter {
  void operator()(rd_kafka_ConfigResource_t* resource) const {
    rd_kafka_ConfigResource_destroy(resource);
  }
};

}  // namespace

const TopicConfig& KeepForeverConfig() {
  // Time and size limits off; "delete" without a limit deletes nothing, while "compact"
  // would drop every fact of an aggregate but its last.
  static const TopicConfig* const config = new TopicConfig{
      {"cleanup.policy", "delete"}, {"retention.bytes", "-1"}, {"retention.ms", "-1"}};
  return *config;
}

absl::Status CheckKeepsEveryRecord(std::string_view topic, const TopicConfig& config) {
  std::vector<std::string> wrong;
  for (const auto& [name, needed] : KeepForeverConfig()) {
    auto it = config.find(name);
    if (it == config.end()) {
      wrong.push_back(absl::StrCat(name, " unknown (needs ", needed, ")"));
    } else if (it->second != needed) {
      wrong.push_back(absl::StrCat(name, "=", it->second, " (needs ", needed, ")"));
    }
  }
  if (wrong.empty()) return absl::OkStatus();
  return MakeError(
      absl::StatusCode::kFailedPrecondition, kTopicRetentionFinite,
      absl::StrCat("topic ", ToAbsl(topic),
                   " may delete or compact facts, and the log must keep every fact forever: ",
                   absl::StrJoin(wrong, ", "),
                   "; set them with kafka-configs.sh --alter --entity-type topics"));
}

absl::StatusOr<std::map<std::string, TopicConfig>> DescribeTopicConfigs(
    rd_kafka_t* rk, const std::vector<std::string>& topics, absl::Time deadline) {
  std::map<std::string, TopicConfig> configs;
  if (topics.empty()) return configs;
  std::vector<std::unique_ptr<rd_kafka_ConfigResource_t, ConfigResourceDeleter>> owned;
  std::vector<rd_kafka_ConfigResource_t*> resources;
  for (const std::string& topic : topics) {
    owned.emplace_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
    resources.push_back(owned.back().get());
  }
  absl::StatusOr<AdminEvent> event = RunAdminRequest(
      rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, deadline, "DescribeConfigs",
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DescribeConfigs(rk, resources.data(), resources.size(), options, queue);
      });
  if (!event.ok()) return event.status();
  const rd_kafka_DescribeConfigs_result_t* result =
      rd_kafka_event_DescribeConfigs_result(event->get());
  STEM_CHECK(result != nullptr, "a DescribeConfigs request answered with another event type");
  size_t count = 0;
  const rd_kafka_ConfigResource_t** described =
      rd_kafka_DescribeConfigs_result_resources(result, &count);
  for (size_t i = 0; i < count; ++i) {
    const char* name = rd_kafka_ConfigResource_name(described[i]);
    if (rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(described[i]);
        err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* message = rd_kafka_ConfigResource_error_string(described[i]);
      return KafkaError(absl::StrCat("describing the configuration of topic ", name, ": ",
                                     message != nullptr ? message : ""),
                        static_cast<RdKafka::ErrorCode>(err));
    }
    TopicConfig& config = configs[name];
    size_t entries = 0;
    const rd_kafka_ConfigEntry_t** entry = rd_kafka_ConfigResource_configs(described[i], &entries);
    for (size_t j = 0; j < entries; ++j) {
      const char* value = rd_kafka_ConfigEntry_value(entry[j]);
      // Sensitive settings come without a value; none of them concern retention.
      if (value != nullptr) config[rd_kafka_ConfigEntry_name(entry[j])] = value;
    }
  }
  for (const std::string& topic : topics) {
    if (!configs.contains(topic)) {
      return absl::InternalError(absl::StrCat("DescribeConfigs answered without topic ", topic));
    }
  }
  return configs;
}

}  // namespace stem::eventlog::internal
