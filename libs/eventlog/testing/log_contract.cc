#include "libs/eventlog/testing/log_contract.h"

#include <utility>

namespace stem::eventlog::testing {

TopicSpec Spec(std::string name, int32_t partitions) {
  TopicSpec spec;
  spec.name = std::move(name);
  spec.partitions = partitions;
  return spec;
}

Positions PositionStore::For(const std::vector<TopicPartition>& partitions) const {
  std::lock_guard<std::mutex> lock(mu_);
  Positions positions;
  for (const TopicPartition& partition : partitions) {
    auto found = positions_.find(partition);
    if (found != positions_.end()) positions.insert(*found);
  }
  return positions;
}

void PositionStore::Applied(const Record& record) {
  std::lock_guard<std::mutex> lock(mu_);
  positions_[record.topic_partition] = record.offset + 1;
}

int64_t PositionStore::Get(const TopicPartition& partition) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = positions_.find(partition);
  return found == positions_.end() ? -1 : found->second;
}

absl::StatusOr<Positions> RecordingListener::OnAssigned(
    const std::vector<TopicPartition>& partitions) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const TopicPartition& partition : partitions) {
    EXPECT_FALSE(owned_.contains(partition))
        << ToString(partition) << " assigned twice without a revocation";
    owned_.insert(partition);
  }
  return store_ == nullptr ? Positions() : store_->For(partitions);
}

void RecordingListener::OnRevoked(const std::vector<TopicPartition>& partitions) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const TopicPartition& partition : partitions) {
    EXPECT_TRUE(owned_.contains(partition)) << ToString(partition) << " revoked, never assigned";
    owned_.erase(partition);
  }
}

std::set<TopicPartition> RecordingListener::owned() const {
  std::lock_guard<std::mutex> lock(mu_);
  return owned_;
}

void LogContractTest::SetUp() {
  under_test_ = GetParam().make();
  ASSERT_NE(under_test_, nullptr) << GetParam().name << " made no log under test";
}

std::unique_ptr<EventLog> LogContractTest::OpenLog() {
  absl::StatusOr<std::unique_ptr<EventLog>> log = under_test_->Open();
  EXPECT_TRUE(log.ok()) << log.status();
  return log.ok() ? *std::move(log) : nullptr;
}

std::string LogContractTest::CreateTopic(EventLog& log, std::string_view base, int32_t partitions) {
  std::string name = under_test_->UniqueName(base);
  absl::Status created = log.EnsureTopics({Spec(name, partitions)});
  EXPECT_TRUE(created.ok()) << created;
  return created.ok() ? name : "";
}

std::vector<RecordPosition> LogContractTest::AppendOk(EventLog& log,
                                                      std::vector<OutgoingRecord> records) {
  size_t count = records.size();
  absl::StatusOr<std::vector<RecordPosition>> positions =
      log.Append(std::move(records), Deadline());
  EXPECT_TRUE(positions.ok()) << positions.status();
  if (!positions.ok()) return {};
  EXPECT_EQ(positions->size(), count) << "one position per record";
  return *std::move(positions);
}

std::unique_ptr<Subscription> LogContractTest::SubscribeOk(EventLog& log,
                                                           std::vector<std::string> topics,
                                                           AssignmentListener* listener,
                                                           std::string group_id) {
  SubscriptionOptions options;
  options.topics = std::move(topics);
  options.group_id = std::move(group_id);
  options.listener = listener;
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = log.Subscribe(options);
  EXPECT_TRUE(subscription.ok()) << subscription.status();
  return subscription.ok() ? *std::move(subscription) : nullptr;
}

std::vector<Record> LogContractTest::PollUntilCount(Subscription& subscription, size_t count,
                                                    size_t max_per_poll) {
  std::vector<Record> records;
  absl::Time deadline = Deadline();
  while (records.size() < count && absl::Now() < deadline) {
    absl::StatusOr<std::vector<Record>> batch =
        subscription.Poll(absl::Milliseconds(200), max_per_poll);
    if (!batch.ok()) {
      ADD_FAILURE() << "Poll: " << batch.status();
      break;
    }
    EXPECT_LE(batch->size(), max_per_poll) << "Poll returned more than max_records";
    for (Record& record : *batch) records.push_back(std::move(record));
  }
  EXPECT_GE(records.size(), count) << "records still missing when the deadline passed";
  return records;
}

std::vector<Record> LogContractTest::PollBriefly(Subscription& subscription) {
  std::vector<Record> records;
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<std::vector<Record>> batch = subscription.Poll(absl::Milliseconds(100), 100);
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok()) break;
    for (Record& record : *batch) records.push_back(std::move(record));
  }
  return records;
}

std::vector<Record> LogContractTest::PollUntilCaughtUp(EventLog& log, Subscription& subscription,
                                                       const std::string& topic) {
  std::vector<Record> records;
  absl::StatusOr<Positions> ends = log.EndOffsets(topic, Deadline());
  EXPECT_TRUE(ends.ok()) << ends.status();
  if (!ends.ok()) return records;
  absl::Time deadline = Deadline();
  while (true) {
    absl::StatusOr<Positions> positions = subscription.ReadPositions();
    EXPECT_TRUE(positions.ok()) << positions.status();
    if (!positions.ok()) return records;
    bool caught_up = true;
    for (const auto& [partition, end] : *ends) {
      auto position = positions->find(partition);
      caught_up = caught_up && position != positions->end() && position->second >= end;
    }
    if (caught_up) return records;
    if (absl::Now() >= deadline) {
      ADD_FAILURE() << "ReadPositions() did not reach EndOffsets() of " << topic;
      return records;
    }
    absl::StatusOr<std::vector<Record>> batch = subscription.Poll(absl::Milliseconds(200), 100);
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok()) return records;
    for (Record& record : *batch) records.push_back(std::move(record));
  }
}

void PrintTo(const LogUnderTestFactory& factory, std::ostream* out) { *out << factory.name; }

std::string LogContractParamName(const ::testing::TestParamInfo<LogUnderTestFactory>& info) {
  internal::LinkReadContractTests();
  internal::LinkTopicContractTests();
  internal::LinkGroupContractTests();
  return info.param.name;
}

}  // namespace stem::eventlog::testing
