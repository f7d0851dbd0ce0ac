// Rulebook section 9: the log is kept whole, forever. Against the real broker: the topics
// the suite creates keep every record, and a topic whose settings may delete or compact
// records (Kafka's default is seven days) makes the log, and so every service, refuse it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/internal/kafka_topic_retention.h"
#include "libs/eventlog/kafka_event_log.h"
#include "libs/service/topics.h"
#include "tests/integration/kafka_test_util.h"
#include "tests/integration/kafka_topic_admin.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using eventlog::internal::kTopicRetentionFinite;
using eventlog::internal::TopicConfig;
using eventlog::kafka_testing::KafkaBootstrap;
using eventlog::kafka_testing::KafkaTopicAdmin;
using eventlog::kafka_testing::kPatience;
using eventlog::kafka_testing::Spec;
using eventlog::kafka_testing::TestKafkaOptions;
using eventlog::kafka_testing::UniqueKafkaName;
using ::testing::HasSubstr;

// As KafkaFlags starts services.
constexpr int32_t kServicePartitions = 3;

class KafkaRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::OpenKafkaEventLog(TestKafkaOptions());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    auto admin = KafkaTopicAdmin::Create(KafkaBootstrap());
    ASSERT_TRUE(admin.ok()) << admin.status();
    admin_ = *std::move(admin);
  }

  void ExpectKeepsEveryRecord(const std::string& topic) {
    auto config = admin_->Describe(topic);
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_EQ((*config)["retention.ms"], "-1") << topic;
    EXPECT_EQ((*config)["retention.bytes"], "-1") << topic;
    EXPECT_EQ((*config)["cleanup.policy"], "delete") << topic;
  }

  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<KafkaTopicAdmin> admin_;
};

TEST_F(KafkaRetentionTest, TopicsTheSuiteCreatesKeepEveryRecord) {
  const service::Topics topics = service::Topics::WithPrefix(UniqueKafkaName("keep") + ".");
  ASSERT_TRUE(log_->EnsureTopics(topics.Specs(2)).ok());
  for (const std::string& topic :
       {topics.recognition, topics.activity, topics.partnership, topics.subsidy}) {
    ExpectKeepsEveryRecord(topic);
    auto config = admin_->Describe(topic);
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_EQ((*config)["min.insync.replicas"], "1") << "replication factor 1 on this broker";
    EXPECT_EQ((*config)["message.timestamp.type"], "LogAppendTime");
  }
}

TEST_F(KafkaRetentionTest, ATopicThatMayDeleteOrCompactRecordsIsRefused) {
  for (const TopicConfig& changed : std::vector<TopicConfig>{{{"retention.ms", "604800000"}},
                                                             {{"retention.bytes", "1073741824"}},
                                                             {{"cleanup.policy", "compact"}}}) {
    const std::string topic = UniqueKafkaName("finite");
    ASSERT_TRUE(log_->EnsureTopics({Spec(topic, 1)}).ok());
    TopicConfig config = eventlog::internal::KeepForeverConfig();
    for (const auto& [name, value] : changed) config[name] = value;
    absl::Status altered = admin_->Alter(topic, config);
    ASSERT_TRUE(altered.ok()) << altered;

    absl::Status refused = log_->EnsureTopics({Spec(topic, 1)});
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
    EXPECT_EQ(ReasonOf(refused), kTopicRetentionFinite) << refused;
    EXPECT_THAT(refused.message(), HasSubstr(topic));
    EXPECT_THAT(refused.message(),
                HasSubstr(changed.begin()->first + "=" + changed.begin()->second));
  }
}

TEST_F(KafkaRetentionTest, ASpecAskingForFiniteRetentionIsInvalid) {
  eventlog::TopicSpec spec = Spec(UniqueKafkaName("asks"), 1);
  spec.configs["retention.ms"] = "86400000";
  EXPECT_EQ(log_->EnsureTopics({spec}).code(), absl::StatusCode::kInvalidArgument);
}

// What an operator sees when the topics were made by hand with Kafka's defaults: the service
// does not start (rather than rebuild from a log that lost its first week) and says why.
TEST_F(KafkaRetentionTest, AServiceRefusesToStartOnATopicWithKafkasDefaultRetention) {
  const std::string prefix = UniqueKafkaName("default-retention") + ".";
  const service::Topics topics = service::Topics::WithPrefix(prefix);
  ASSERT_TRUE(log_->EnsureTopics(topics.Specs(kServicePartitions)).ok());
  TopicConfig config = eventlog::internal::KeepForeverConfig();
  config["retention.ms"] = "604800000";
  absl::Status altered = admin_->Alter(topics.recognition, config);
  ASSERT_TRUE(altered.ok()) << altered;
  // The broker answers the alteration before it serves the new value to every
  // DescribeConfigs (KRaft applies it from its metadata log): wait until it does, so that the
  // service, started next, reads it too.
  const absl::Time patience = absl::Now() + absl::Seconds(30);
  for (;;) {
    auto described = admin_->Describe(topics.recognition);
    ASSERT_TRUE(described.ok()) << described.status();
    if ((*described)["retention.ms"] == "604800000") break;
    ASSERT_LT(absl::Now(), patience) << "the broker still describes the old retention";
    absl::SleepFor(absl::Milliseconds(50));
  }

  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({}));
  ServiceFlags flags{KafkaBootstrap(),       prefix,
                     dir.Sub("data"),        dir.Sub("tokens"),
                     "2019-01-07T09:00:00Z", prefix + "recognition-0"};
  ServiceProcess recognition({STEM_RECOGNITION_BIN, KafkaFlags(flags),
                              "stem.recognition.v1.RecognitionService", dir.Sub("service.log")});
  absl::Status started = recognition.Start(absl::Now() + kPatience);
  EXPECT_FALSE(started.ok());
  EXPECT_FALSE(recognition.Running());
  EXPECT_NE(recognition.last_exit_code(), 0);
  const std::string log = recognition.LogTail();
  EXPECT_THAT(log, HasSubstr(kTopicRetentionFinite));
  EXPECT_THAT(log, HasSubstr(topics.recognition));
  EXPECT_THAT(log, HasSubstr("retention.ms=604800000"));
}

}  // namespace
}  // namespace stem::integration
