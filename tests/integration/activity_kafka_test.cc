// The activity service next to the recognition service on a real Kafka broker: a
// recognition and its revocation travel through Kafka from one service to the other, and
// the activity service counts the academy's sessions only up to the revocation's effective
// date. Each test has topics of its own (a unique prefix), so tests share one broker.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "libs/eventlog/kafka_event_log.h"
#include "services/activity/testing/activity_scenario.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::activity {
namespace {

using eventlog::kafka_testing::KafkaBootstrap;
using eventlog::kafka_testing::TestKafkaOptions;
using eventlog::kafka_testing::UniqueKafkaName;
using testing::ActivityRequest;
using testing::ActivityScenario;
using testing::kAcademy;
using testing::SessionsByDate;

service::testing::HarnessOptions KafkaScenarioOptions() {
  service::testing::HarnessOptions options = testing::ScenarioOptions();
  options.topic_prefix = UniqueKafkaName("activity") + ".";
  options.open_log = [](const std::string&) -> std::unique_ptr<eventlog::EventLog> {
    auto log = eventlog::OpenKafkaEventLog(TestKafkaOptions());
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? std::move(*log) : nullptr;
  };
  return options;
}

TEST(ActivityKafkaTest, ARevocationCountsFromItsEffectiveDate) {
  // Fails (does not skip) without a broker.
  ASSERT_FALSE(KafkaBootstrap().empty());
  ActivityScenario scenario(KafkaScenarioOptions());
  const std::string academy_token = std::string("academy-") + kAcademy;

  ASSERT_TRUE(scenario.Recognise(kAcademy).ok());  // from Monday 2019-01-07
  auto registered = scenario.Register(
      academy_token,
      ActivityRequest("r1", {"2019-03-02", "2019-03-09", "2019-03-16", "2019-03-23"}));
  ASSERT_TRUE(registered.ok()) << registered.status();
  const std::string id = registered->activity_id();

  scenario.harness().AdvanceTo("2019-03-10T10:00:00Z");
  ASSERT_TRUE(scenario.ReportAttendance(academy_token, id, "s1", {{10, 6}}).ok());
  ASSERT_TRUE(scenario.ReportAttendance(academy_token, id, "s2", {{10, 6}}).ok());
  scenario.CatchUp();
  auto before = scenario.ChildMinutesOf(kAcademy, "2019-03-01", "2019-03-31");
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->total_child_minutes(), 2 * 6 * 120);

  // Decided on the 10th, effective from Saturday the 16th.
  ASSERT_TRUE(scenario.Revoke(kAcademy, "2019-03-16").ok());
  scenario.harness().AdvanceTo("2019-03-25T10:00:00Z");
  ASSERT_TRUE(scenario.ReportAttendance(academy_token, id, "s3", {{10, 6}}).ok());
  ASSERT_TRUE(scenario.ReportAttendance(academy_token, id, "s4", {{10, 6}}).ok());
  scenario.CatchUp();

  auto after = scenario.ChildMinutesOf(kAcademy, "2019-03-01", "2019-03-31");
  ASSERT_TRUE(after.ok()) << after.status();
  auto sessions = SessionsByDate(*after);
  ASSERT_EQ(sessions.size(), 4u);
  EXPECT_EQ(sessions["2019-03-02"].child_minutes(), 720);
  EXPECT_EQ(sessions["2019-03-09"].child_minutes(), 720);
  for (const char* date : {"2019-03-16", "2019-03-23"}) {
    EXPECT_EQ(sessions[date].child_minutes(), 0) << date;
    EXPECT_EQ(sessions[date].zero_reason(), v1::ZERO_REASON_NOT_RECOGNISED) << date;
  }
  EXPECT_EQ(after->total_child_minutes(), 2 * 720);
  EXPECT_EQ(after->sessions_counted(), 2);
}

}  // namespace
}  // namespace stem::activity
