// The Kafka event log's basics against a real broker: topics, appends, reading back,
// positions across transaction markers, and the errors the header promises.
#include "libs/eventlog/kafka_event_log.h"

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/common/absl_compat.h"
#include "libs/eventlog/event_log.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::eventlog {
namespace {

using ::stem::eventlog::kafka_testing::CaughtUp;
using ::stem::eventlog::kafka_testing::kPatience;
using ::stem::eventlog::kafka_testing::PollUntil;
using ::stem::eventlog::kafka_testing::ReaderOptions;
using ::stem::eventlog::kafka_testing::ReadEverything;
using ::stem::eventlog::kafka_testing::RecordingListener;
using ::stem::eventlog::kafka_testing::Spec;
using ::stem::eventlog::kafka_testing::TestKafkaOptions;
using ::stem::eventlog::kafka_testing::UniqueKafkaName;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

class KafkaEventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<EventLog>> log = OpenKafkaEventLog(TestKafkaOptions());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
  }

  std::string NewTopic(int32_t partitions) {
    std::string topic = UniqueKafkaName("basics");
    absl::Status status = log_->EnsureTopics({Spec(topic, partitions)});
    EXPECT_TRUE(status.ok()) << status;
    return topic;
  }

  std::unique_ptr<EventLog> log_;
};

std::vector<OutgoingRecord> Numbered(const std::string& topic, int count, std::string_view tag) {
  std::vector<OutgoingRecord> records;
  for (int i = 0; i < count; ++i) {
    records.push_back({topic, absl::StrCat("key-", i % 7), absl::StrCat(ToAbsl(tag), "-", i)});
  }
  return records;
}

TEST_F(KafkaEventLogTest, AppendedRecordsReadBackWhereTheirKeysBelong) {
  const std::string topic = NewTopic(3);
  std::vector<OutgoingRecord> records = Numbered(topic, 40, "v");
  absl::StatusOr<std::vector<RecordPosition>> positions =
      log_->Append(records, absl::Now() + kPatience);
  ASSERT_TRUE(positions.ok()) << positions.status();
  ASSERT_EQ(positions->size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ((*positions)[i].topic_partition.topic, topic);
    EXPECT_EQ((*positions)[i].topic_partition.partition, PartitionForKey(records[i].key, 3));
  }

  std::vector<Record> read = ReadEverything(*log_, topic);
  ASSERT_EQ(read.size(), records.size());
  std::map<std::string, Record> by_value;
  for (const Record& record : read) by_value[record.value] = record;
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& record = by_value[records[i].value];
    EXPECT_EQ(record.key, records[i].key);
    EXPECT_EQ(record.topic_partition, (*positions)[i].topic_partition);
    EXPECT_EQ(record.offset, (*positions)[i].offset);
    // Topics created by EnsureTopics carry the broker's append time.
    EXPECT_GT(record.log_time, absl::UnixEpoch());
  }
}

TEST_F(KafkaEventLogTest, ReadPositionsReachEndOffsetsPastTransactionMarkers) {
  const std::string topic = NewTopic(1);
  std::vector<RecordPosition> last;
  for (int call = 0; call < 3; ++call) {
    absl::StatusOr<std::vector<RecordPosition>> positions =
        log_->Append(Numbered(topic, 2, absl::StrCat("call", call)), absl::Now() + kPatience);
    ASSERT_TRUE(positions.ok()) << positions.status();
    last = *positions;
  }
  // Each transaction leaves a commit marker after its records. Kafka writes it shortly
  // after the commit returns; EndOffsets lies past it all the same, so that it does not
  // move on a log nobody writes to.
  const TopicPartition tp{topic, 0};
  absl::StatusOr<Positions> ends = log_->EndOffsets(topic, absl::Now() + kPatience);
  ASSERT_TRUE(ends.ok()) << ends.status();
  EXPECT_GT((*ends)[tp], last.back().offset + 1);
  absl::StatusOr<Positions> again = log_->EndOffsets(topic, absl::Now() + kPatience);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *ends);

  RecordingListener listener;
  absl::StatusOr<std::unique_ptr<Subscription>> subscription =
      log_->Subscribe(ReaderOptions({topic}, &listener));
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  std::vector<Record> read = PollUntil(
      **subscription, listener, [&](const auto&) { return CaughtUp(**subscription, *ends); });
  EXPECT_EQ(read.size(), 6u);
  absl::StatusOr<Positions> positions = (*subscription)->ReadPositions();
  ASSERT_TRUE(positions.ok()) << positions.status();
  EXPECT_EQ((*positions)[tp], (*ends)[tp]);
  EXPECT_EQ(listener.calls_outside_poll(), 0);
}

TEST_F(KafkaEventLogTest, SubscriptionStartsWhereTheListenerSays) {
  const std::string topic = NewTopic(1);
  absl::StatusOr<std::vector<RecordPosition>> positions =
      log_->Append(Numbered(topic, 10, "v"), absl::Now() + kPatience);
  ASSERT_TRUE(positions.ok()) << positions.status();
  RecordingListener listener;
  listener.SetStart({topic, 0}, (*positions)[6].offset);
  absl::StatusOr<std::unique_ptr<Subscription>> subscription =
      log_->Subscribe(ReaderOptions({topic}, &listener));
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  std::vector<Record> read =
      PollUntil(**subscription, listener, [](const auto& records) { return records.size() >= 4; });
  std::vector<std::string> values;
  for (const Record& record : read) values.push_back(record.value);
  EXPECT_THAT(values, ElementsAreArray({"v-6", "v-7", "v-8", "v-9"}));
  // Full mode: one OnAssigned with every partition, called from the first Poll.
  ASSERT_EQ(listener.assigned().size(), 1u);
  EXPECT_THAT(listener.assigned()[0], ElementsAreArray({TopicPartition{topic, 0}}));
  EXPECT_EQ(listener.calls_outside_poll(), 0);
}

TEST_F(KafkaEventLogTest, EnsureTopicsAcceptsExistingTopicsAndRejectsOtherPartitionCounts) {
  const std::string topic = NewTopic(4);
  EXPECT_TRUE(log_->EnsureTopics({Spec(topic, 4)}).ok());
  absl::Status mismatch = log_->EnsureTopics({Spec(topic, 5)});
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kFailedPrecondition) << mismatch;
  EXPECT_THAT(mismatch.message(), HasSubstr(topic));
  absl::StatusOr<int32_t> count = log_->PartitionCount(topic);
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 4);
}

TEST_F(KafkaEventLogTest, UnknownTopicIsNotFound) {
  const std::string topic = UniqueKafkaName("missing");
  EXPECT_EQ(log_->PartitionCount(topic).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(log_->EndOffsets(topic, absl::Now() + kPatience).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(log_->Append({{topic, "k", "v"}}, absl::Now() + kPatience).status().code(),
            absl::StatusCode::kNotFound);
  RecordingListener listener;
  EXPECT_EQ(log_->Subscribe(ReaderOptions({topic}, &listener)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      log_->Subscribe(ReaderOptions({topic}, &listener, UniqueKafkaName("g"))).status().code(),
      absl::StatusCode::kNotFound);
}

TEST_F(KafkaEventLogTest, PassedDeadlineAppendsNothing) {
  const std::string topic = NewTopic(1);
  absl::StatusOr<std::vector<RecordPosition>> late =
      log_->Append({{topic, "k", "late"}}, absl::Now() - absl::Seconds(1));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded);
  ASSERT_TRUE(log_->Append({{topic, "k", "on time"}}, absl::Now() + kPatience).ok());
  std::vector<Record> read = ReadEverything(*log_, topic);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].value, "on time");
}

TEST(KafkaOptionsTest, PropertiesTheContractNeedsCannotBeOverridden) {
  for (const char* name : {"isolation.level", "acks", "enable.idempotence", "enable.auto.commit",
                           "transactional.id", "partition.assignment.strategy"}) {
    KafkaOptions options = TestKafkaOptions();
    options.extra[name] = "whatever";
    absl::StatusOr<std::unique_ptr<EventLog>> log = OpenKafkaEventLog(options);
    EXPECT_EQ(log.status().code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(log.status().message(), HasSubstr(name));
  }
}

TEST(KafkaSubscriptionTest, ReportProgressCommitsTheGroupsOffsets) {
  // Consumer-lag monitoring reads the group's committed offsets; check they arrive by
  // asking Kafka directly for them.
  absl::StatusOr<std::unique_ptr<EventLog>> log = OpenKafkaEventLog(TestKafkaOptions());
  ASSERT_TRUE(log.ok()) << log.status();
  const std::string topic = UniqueKafkaName("progress");
  const std::string group = UniqueKafkaName("progress-group");
  ASSERT_TRUE((*log)->EnsureTopics({Spec(topic, 1)}).ok());
  ASSERT_TRUE((*log)->Append({{topic, "k", "v"}}, absl::Now() + kPatience).ok());

  RecordingListener listener;
  absl::StatusOr<std::unique_ptr<Subscription>> subscription =
      (*log)->Subscribe(ReaderOptions({topic}, &listener, group));
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  std::vector<Record> read =
      PollUntil(**subscription, listener, [](const auto& records) { return !records.empty(); });
  ASSERT_EQ(read.size(), 1u);
  const TopicPartition tp{topic, 0};
  (*subscription)->ReportProgress({{tp, read[0].offset + 1}});

  // A second member of the group would take partitions; a plain consumer handle with the
  // group's id only reads the committed offsets.
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  ASSERT_EQ(conf->set("bootstrap.servers", TestKafkaOptions().bootstrap_servers, error),
            RdKafka::Conf::CONF_OK);
  ASSERT_EQ(conf->set("group.id", group, error), RdKafka::Conf::CONF_OK);
  std::unique_ptr<RdKafka::KafkaConsumer> reader(RdKafka::KafkaConsumer::create(conf.get(), error));
  ASSERT_NE(reader, nullptr) << error;
  int64_t committed = -1;
  const absl::Time give_up = absl::Now() + kPatience;
  while (committed != read[0].offset + 1 && absl::Now() < give_up) {
    // The commit is asynchronous; keep serving the subscription while it travels.
    {
      RecordingListener::PollScope scope(listener);
      ASSERT_TRUE((*subscription)->Poll(absl::Milliseconds(100), 10).ok());
    }
    std::vector<RdKafka::TopicPartition*> partitions = {RdKafka::TopicPartition::create(topic, 0)};
    ASSERT_EQ(reader->committed(partitions, 10000), RdKafka::ERR_NO_ERROR);
    committed = partitions[0]->offset();
    RdKafka::TopicPartition::destroy(partitions);
  }
  EXPECT_EQ(committed, read[0].offset + 1);
  reader->close();
}

}  // namespace
}  // namespace stem::eventlog
