// The event-log contract suite (libs/eventlog/testing/log_contract.h) against a real Kafka
// broker (STEM_KAFKA_BOOTSTRAP).
#include <memory>
#include <string>
#include <string_view>

#include "libs/eventlog/kafka_event_log.h"
#include "libs/eventlog/testing/log_contract.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::eventlog {
namespace {

class KafkaLogUnderTest final : public testing::LogUnderTest {
 public:
  KafkaLogUnderTest() {
    options_ = kafka_testing::TestKafkaOptions();
    // Reopening is a restart of the same process: the same transactional id, which fences
    // whatever the previous instance left open.
    options_.transactional_id = kafka_testing::UniqueKafkaName("contract-producer");
  }

  absl::StatusOr<std::unique_ptr<EventLog>> Open() override { return OpenKafkaEventLog(options_); }

  // Topics and groups live on the shared broker, so names are unique across tests and runs.
  std::string UniqueName(std::string_view base) override {
    return kafka_testing::UniqueKafkaName(base);
  }

 private:
  KafkaOptions options_;
};

STEM_INSTANTIATE_LOG_CONTRACT(Kafka,
                              testing::LogUnderTestFactory{
                                  "Kafka", [] { return std::make_unique<KafkaLogUnderTest>(); }});

}  // namespace
}  // namespace stem::eventlog
