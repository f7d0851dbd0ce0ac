#include "tests/integration/kafka_topic_admin.h"

#include <array>

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "libs/eventlog/internal/kafka_admin_request.h"

namespace stem::eventlog::kafka_testing {
namespace {

constexpr absl::Duration kAdminTimeout = absl::Seconds(30);

}  // namespace

absl::StatusOr<std::unique_ptr<KafkaTopicAdmin>> KafkaTopicAdmin::Create(
    const std::string& bootstrap) {
  std::array<char, 512> error{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), error.data(), error.size()) !=
      RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return absl::InvalidArgumentError(error.data());
  }
  // rd_kafka_new owns `conf` once it succeeds.
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error.data(), error.size());
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(error.data());
  }
  return absl::WrapUnique(new KafkaTopicAdmin(handle));
}

KafkaTopicAdmin::~KafkaTopicAdmin() { rd_kafka_destroy(handle_); }

absl::StatusOr<internal::TopicConfig> KafkaTopicAdmin::Describe(const std::string& topic) {
  auto configs = internal::DescribeTopicConfigs(handle_, {topic}, absl::Now() + kAdminTimeout);
  if (!configs.ok()) return configs.status();
  return (*configs)[topic];
}

absl::Status KafkaTopicAdmin::Alter(const std::string& topic, const internal::TopicConfig& config) {
  rd_kafka_ConfigResource_t* resource =
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  for (const auto& [name, value] : config) {
    rd_kafka_ConfigResource_set_config(resource, name.c_str(), value.c_str());
  }
  auto event = internal::RunAdminRequest(
      handle_, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, absl::Now() + kAdminTimeout, "AlterConfigs",
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_AlterConfigs(handle_, &resource, 1, options, queue);
      });
  rd_kafka_ConfigResource_destroy(resource);
  if (!event.ok()) return event.status();
  size_t count = 0;
  const rd_kafka_ConfigResource_t** results = rd_kafka_AlterConfigs_result_resources(
      rd_kafka_event_AlterConfigs_result(event->get()), &count);
  for (size_t i = 0; i < count; ++i) {
    if (rd_kafka_ConfigResource_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return absl::InternalError(
          absl::StrCat("altering ", topic, ": ", rd_kafka_ConfigResource_error_string(results[i])));
    }
  }
  return absl::OkStatus();
}

}  // namespace stem::eventlog::kafka_testing
