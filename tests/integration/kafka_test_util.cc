#include "tests/integration/kafka_test_util.h"

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "libs/common/absl_compat.h"

namespace stem::eventlog::kafka_testing {

std::string KafkaBootstrap() {
  const char* bootstrap = std::getenv("STEM_KAFKA_BOOTSTRAP");
  if (bootstrap == nullptr || *bootstrap == '\0') {
    ADD_FAILURE() << "STEM_KAFKA_BOOTSTRAP is not set: these tests need a real Kafka broker. "
                     "Run them with `deploy/kafka/broker.sh run -- ctest -L kafka ...`, or "
                     "start one with `deploy/kafka/broker.sh start` and export the address "
                     "it prints as STEM_KAFKA_BOOTSTRAP.";
    return "";
  }
  return bootstrap;
}

std::string UniqueKafkaName(std::string_view base) {
  static std::atomic<int> counter = 0;
  std::random_device device;
  return absl::StrFormat("%s-%08x%08x-%d", ToAbsl(base), device(), device(), ++counter);
}

KafkaOptions TestKafkaOptions() {
  KafkaOptions options;
  options.bootstrap_servers = KafkaBootstrap();
  options.client_id = "stem-test";
  options.extra = {
      // The broker's group.min.session.timeout.ms is 6 s.
      {"session.timeout.ms", "6000"},
      {"heartbeat.interval.ms", "500"},
      {"max.poll.interval.ms", "30000"},
  };
  return options;
}

TopicSpec Spec(const std::string& name, int32_t partitions) {
  TopicSpec spec;
  spec.name = name;
  spec.partitions = partitions;
  return spec;
}

SubscriptionOptions ReaderOptions(std::vector<std::string> topics, AssignmentListener* listener,
                                  std::string group_id, std::string group_instance_id) {
  SubscriptionOptions options;
  options.topics = std::move(topics);
  options.listener = listener;
  options.group_id = std::move(group_id);
  options.group_instance_id = std::move(group_instance_id);
  return options;
}

absl::StatusOr<Positions> RecordingListener::OnAssigned(
    const std::vector<TopicPartition>& partitions) {
  if (!in_poll_) ++calls_outside_poll_;
  std::lock_guard<std::mutex> lock(mu_);
  assigned_.push_back(partitions);
  Positions positions;
  for (const TopicPartition& tp : partitions) {
    if (auto it = start_.find(tp); it != start_.end()) positions[tp] = it->second;
  }
  return positions;
}

void RecordingListener::OnRevoked(const std::vector<TopicPartition>& partitions) {
  if (!in_poll_) ++calls_outside_poll_;
  std::lock_guard<std::mutex> lock(mu_);
  revoked_.push_back(partitions);
}

void RecordingListener::SetStart(const TopicPartition& tp, int64_t offset) {
  std::lock_guard<std::mutex> lock(mu_);
  start_[tp] = offset;
}

std::vector<std::vector<TopicPartition>> RecordingListener::assigned() const {
  std::lock_guard<std::mutex> lock(mu_);
  return assigned_;
}

std::vector<std::vector<TopicPartition>> RecordingListener::revoked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return revoked_;
}

int RecordingListener::rebalances() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(assigned_.size() + revoked_.size());
}

std::vector<Record> PollUntil(Subscription& subscription, RecordingListener& listener,
                              const std::function<bool(const std::vector<Record>&)>& done) {
  std::vector<Record> records;
  const absl::Time give_up = absl::Now() + kPatience;
  while (!done(records)) {
    if (absl::Now() > give_up) {
      ADD_FAILURE() << "condition not reached within " << kPatience << " (" << records.size()
                    << " records read)";
      break;
    }
    RecordingListener::PollScope scope(listener);
    absl::StatusOr<std::vector<Record>> batch = subscription.Poll(absl::Milliseconds(200), 500);
    if (!batch.ok()) {
      ADD_FAILURE() << "Poll failed: " << batch.status();
      break;
    }
    records.insert(records.end(), batch->begin(), batch->end());
  }
  return records;
}

bool CaughtUp(const Subscription& subscription, const Positions& ends) {
  absl::StatusOr<Positions> positions = subscription.ReadPositions();
  if (!positions.ok()) {
    ADD_FAILURE() << "ReadPositions failed: " << positions.status();
    return true;  // stop waiting; the failure is recorded
  }
  for (const auto& [tp, end] : ends) {
    auto it = positions->find(tp);
    // An empty partition has nothing to read; it may not be positioned yet.
    if (end == 0) continue;
    if (it == positions->end() || it->second < end) return false;
  }
  return true;
}

std::vector<Record> ReadEverything(EventLog& log, const std::string& topic) {
  absl::StatusOr<Positions> ends = log.EndOffsets(topic, absl::Now() + kPatience);
  if (!ends.ok()) {
    ADD_FAILURE() << "EndOffsets(" << topic << ") failed: " << ends.status();
    return {};
  }
  RecordingListener listener;
  absl::StatusOr<std::unique_ptr<Subscription>> subscription =
      log.Subscribe(ReaderOptions({topic}, &listener));
  if (!subscription.ok()) {
    ADD_FAILURE() << "Subscribe(" << topic << ") failed: " << subscription.status();
    return {};
  }
  return PollUntil(**subscription, listener,
                   [&](const std::vector<Record>&) { return CaughtUp(**subscription, *ends); });
}

}  // namespace stem::eventlog::kafka_testing
