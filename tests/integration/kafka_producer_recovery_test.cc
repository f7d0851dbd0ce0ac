// The Kafka writer after a fatal producer error: it replaces its librdkafka handle by itself
// and appends again, unless a newer producer with its transactional id fenced it. A healthy
// broker cannot be made to cause a fatal error, so librdkafka's own test hook raises one.
#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/common/error.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/kafka_producer.h"
#include "libs/eventlog/kafka_event_log.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::eventlog {
namespace {

using ::stem::eventlog::internal::GroupCommitProducer;
using ::stem::eventlog::kafka_testing::kPatience;
using ::stem::eventlog::kafka_testing::ReadEverything;
using ::stem::eventlog::kafka_testing::Spec;
using ::stem::eventlog::kafka_testing::TestKafkaOptions;
using ::stem::eventlog::kafka_testing::UniqueKafkaName;

struct Fixture {
  std::unique_ptr<EventLog> reader;
  std::unique_ptr<GroupCommitProducer> producer;
  std::string topic;
};

Fixture Open(const std::string& transactional_id) {
  Fixture fixture;
  absl::StatusOr<std::unique_ptr<EventLog>> reader = OpenKafkaEventLog(TestKafkaOptions());
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return fixture;
  fixture.reader = std::move(*reader);
  fixture.topic = UniqueKafkaName("producer-recovery");
  EXPECT_TRUE(fixture.reader->EnsureTopics({Spec(fixture.topic, 1)}).ok());
  absl::StatusOr<std::unique_ptr<GroupCommitProducer>> producer =
      GroupCommitProducer::Create(TestKafkaOptions(), transactional_id, absl::Now() + kPatience);
  EXPECT_TRUE(producer.ok()) << producer.status();
  if (producer.ok()) fixture.producer = std::move(*producer);
  return fixture;
}

absl::Status AppendValue(GroupCommitProducer& producer, const std::string& topic,
                         const std::string& value) {
  return producer.Append({{topic, "k", value}}, {0}, absl::Now() + kPatience).status();
}

std::set<std::string> Values(EventLog& reader, const std::string& topic) {
  std::set<std::string> values;
  for (const Record& record : ReadEverything(reader, topic)) values.insert(record.value);
  return values;
}

TEST(KafkaProducerRecoveryTest, AFatalErrorIsRetryableAndTheProducerAppendsAgainByItself) {
  Fixture fixture = Open(UniqueKafkaName("recovering-tid"));
  ASSERT_NE(fixture.producer, nullptr);
  ASSERT_TRUE(AppendValue(*fixture.producer, fixture.topic, "before").ok());

  fixture.producer->SimulateFatalErrorForTesting(RdKafka::ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
  const absl::Status failed = AppendValue(*fixture.producer, fixture.topic, "lost");
  EXPECT_EQ(failed.code(), absl::StatusCode::kUnavailable) << failed;
  EXPECT_EQ(ReasonOf(failed), "LOG_UNAVAILABLE") << failed;

  // Appends are refused at once while the handle is replaced, then succeed again.
  const absl::Time give_up = absl::Now() + kPatience;
  absl::Status after = AppendValue(*fixture.producer, fixture.topic, "after");
  int refusals = 0;
  while (!after.ok() && absl::Now() < give_up) {
    EXPECT_EQ(after.code(), absl::StatusCode::kUnavailable) << after;
    ++refusals;
    absl::SleepFor(absl::Milliseconds(50));
    after = AppendValue(*fixture.producer, fixture.topic, "after");
  }
  ASSERT_TRUE(after.ok()) << after << " after " << refusals << " refusals";
  EXPECT_EQ(Values(*fixture.reader, fixture.topic), (std::set<std::string>{"before", "after"}));
}

TEST(KafkaProducerRecoveryTest, AFenceIsFinal) {
  Fixture fixture = Open(UniqueKafkaName("fenced-for-good-tid"));
  ASSERT_NE(fixture.producer, nullptr);
  fixture.producer->SimulateFatalErrorForTesting(RdKafka::ERR_PRODUCER_FENCED);
  const absl::Status failed = AppendValue(*fixture.producer, fixture.topic, "fenced");
  EXPECT_EQ(failed.code(), absl::StatusCode::kAborted) << failed;
  absl::SleepFor(absl::Seconds(1));
  const absl::Status refused = AppendValue(*fixture.producer, fixture.topic, "still fenced");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(Values(*fixture.reader, fixture.topic).empty());
}

}  // namespace
}  // namespace stem::eventlog
