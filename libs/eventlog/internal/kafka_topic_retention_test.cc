#include "libs/eventlog/internal/kafka_topic_retention.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::eventlog::internal {
namespace {

using ::testing::HasSubstr;

TEST(KafkaTopicRetentionTest, KeepForeverSettingsPass) {
  TopicConfig config = KeepForeverConfig();
  config["min.insync.replicas"] = "2";
  EXPECT_TRUE(CheckKeepsEveryRecord("stem.recognition.events", config).ok());
}

TEST(KafkaTopicRetentionTest, KafkasDefaultSevenDaysIsRefusedNamingTopicAndSetting) {
  TopicConfig config = KeepForeverConfig();
  config["retention.ms"] = "604800000";
  absl::Status status = CheckKeepsEveryRecord("stem.activity.events", config);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), kTopicRetentionFinite);
  EXPECT_THAT(status.message(), HasSubstr("stem.activity.events"));
  EXPECT_THAT(status.message(), HasSubstr("retention.ms=604800000 (needs -1)"));
}

TEST(KafkaTopicRetentionTest, SizeLimitsAndCompactionAreRefused) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"retention.bytes", "1073741824"},
                                                        {"cleanup.policy", "compact"},
                                                        {"cleanup.policy", "compact,delete"}}) {
    TopicConfig config = KeepForeverConfig();
    config[name] = value;
    absl::Status status = CheckKeepsEveryRecord("t", config);
    EXPECT_EQ(ReasonOf(status), kTopicRetentionFinite) << name << "=" << value;
    EXPECT_THAT(status.message(), HasSubstr(name + "=" + value)) << status;
  }
}

TEST(KafkaTopicRetentionTest, AnUnknownSettingDoesNotCountAsKeeping) {
  TopicConfig config = KeepForeverConfig();
  config.erase("retention.bytes");
  absl::Status status = CheckKeepsEveryRecord("t", config);
  EXPECT_EQ(ReasonOf(status), kTopicRetentionFinite);
  EXPECT_THAT(status.message(), HasSubstr("retention.bytes unknown"));
}

}  // namespace
}  // namespace stem::eventlog::internal
