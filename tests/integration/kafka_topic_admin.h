// What a test does to a topic behind the suite's back, as an operator with Kafka's tools
// would: read its effective settings and change them.
#ifndef STEM_TESTS_INTEGRATION_KAFKA_TOPIC_ADMIN_H_
#define STEM_TESTS_INTEGRATION_KAFKA_TOPIC_ADMIN_H_

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/eventlog/internal/kafka_topic_retention.h"

namespace stem::eventlog::kafka_testing {

class KafkaTopicAdmin {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaTopicAdmin>> Create(const std::string& bootstrap);
  ~KafkaTopicAdmin();

  absl::StatusOr<internal::TopicConfig> Describe(const std::string& topic);
  // Sets the topic's dynamic settings to `config` (AlterConfigs: the settings left out
  // return to the broker's defaults).
  absl::Status Alter(const std::string& topic, const internal::TopicConfig& config);

 private:
  explicit KafkaTopicAdmin(rd_kafka_t* handle) : handle_(handle) {}
  rd_kafka_t* const handle_;
};

}  // namespace stem::eventlog::kafka_testing

#endif  // STEM_TESTS_INTEGRATION_KAFKA_TOPIC_ADMIN_H_
