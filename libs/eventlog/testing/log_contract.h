// The event-log contract suite: one set of tests that every EventLog implementation must
// pass (event_log.h states the contract). An implementation's test instantiates it with a
// LogUnderTestFactory (log_under_test.h):
//
//   #include "libs/eventlog/testing/log_contract.h"
//
//   class KafkaLogUnderTest : public stem::eventlog::testing::LogUnderTest { ... };
//
//   STEM_INSTANTIATE_LOG_CONTRACT(
//       Kafka, stem::eventlog::testing::LogUnderTestFactory{
//                  "Kafka", [] { return std::make_unique<KafkaLogUnderTest>(); }});
//
// (at namespace scope, once per test file) and links the CMake target
// stem_eventlog_contract. The factory's name ([A-Za-z0-9_] only) names the instantiation in
// test output: Kafka/LogContractTest.<Test>/Kafka. Each test makes a fresh LogUnderTest and
// names its topics and groups with UniqueName, so tests may share one broker.
//
// Beyond event_log.h, the suite expects these error codes: NOT_FOUND for a topic that does
// not exist (PartitionCount, EndOffsets, Append, Subscribe), FAILED_PRECONDITION from
// EnsureTopics for an existing topic with another partition count.
//
// The suite assumes nothing the contract leaves open: offsets may have gaps (Kafka's
// transaction markers), so it uses the positions Append returns and "next = last read + 1",
// and compares ReadPositions(), never "last offset + 1", with EndOffsets. It waits with
// polling loops bounded by generous deadlines and never asserts on elapsed time.
#ifndef STEM_LIBS_EVENTLOG_TESTING_LOG_CONTRACT_H_
#define STEM_LIBS_EVENTLOG_TESTING_LOG_CONTRACT_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/testing/log_under_test.h"

namespace stem::eventlog::testing {

// Where a polling loop gives up. Generous: a broker may take seconds to rebalance a group.
inline constexpr absl::Duration kPatience = absl::Seconds(60);

// Positions a listener hands out, shared by the members of a group the way a projection
// store is: whoever gets a partition continues where the previous owner stopped.
class PositionStore {
 public:
  PositionStore() = default;
  explicit PositionStore(Positions initial) : positions_(std::move(initial)) {}
  Positions For(const std::vector<TopicPartition>& partitions) const;
  // Records that `record` was applied: the partition continues after it.
  void Applied(const Record& record);
  // The position stored for `partition`, or -1 if none.
  int64_t Get(const TopicPartition& partition) const;

 private:
  mutable std::mutex mu_;
  Positions positions_;
};

// A listener that answers from a PositionStore (or from nothing: every partition from its
// beginning) and remembers what it was told.
class RecordingListener : public AssignmentListener {
 public:
  explicit RecordingListener(const PositionStore* store = nullptr) : store_(store) {}
  absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>& partitions) override;
  void OnRevoked(const std::vector<TopicPartition>& partitions) override;
  // Assigned and not revoked since.
  std::set<TopicPartition> owned() const;

 private:
  const PositionStore* const store_;
  mutable std::mutex mu_;
  std::set<TopicPartition> owned_;
};

// A topic spec with the defaults for everything but name and partitions.
TopicSpec Spec(std::string name, int32_t partitions);

class LogContractTest : public ::testing::TestWithParam<LogUnderTestFactory> {
 protected:
  void SetUp() override;

  LogUnderTest& under_test() { return *under_test_; }
  static absl::Time Deadline() { return absl::Now() + kPatience; }

  // The helpers below record a test failure (and return something empty) when the log
  // fails; callers check the results they depend on with ASSERT.
  std::unique_ptr<EventLog> OpenLog();
  // Creates a topic with a name of its own; empty on failure.
  std::string CreateTopic(EventLog& log, std::string_view base, int32_t partitions);
  std::vector<RecordPosition> AppendOk(EventLog& log, std::vector<OutgoingRecord> records);
  std::unique_ptr<Subscription> SubscribeOk(EventLog& log, std::vector<std::string> topics,
                                            AssignmentListener* listener,
                                            std::string group_id = "");
  // Polls until `count` records arrived (fewer only if the deadline passes first), each
  // poll asking for at most `max_per_poll` and checked to return no more.
  std::vector<Record> PollUntilCount(Subscription& subscription, size_t count,
                                     size_t max_per_poll = 100);
  // Polls a little more and returns whatever arrives (expected: nothing).
  std::vector<Record> PollBriefly(Subscription& subscription);
  // Polls until ReadPositions() reaches EndOffsets() on every partition of `topic`;
  // returns the records polled meanwhile.
  std::vector<Record> PollUntilCaughtUp(EventLog& log, Subscription& subscription,
                                        const std::string& topic);

 private:
  std::unique_ptr<LogUnderTest> under_test_;
};

// Prints the factory as its name in test output.
void PrintTo(const LogUnderTestFactory& factory, std::ostream* out);

// Test-name suffix of an instantiation: the factory's name.
std::string LogContractParamName(const ::testing::TestParamInfo<LogUnderTestFactory>& info);

namespace internal {
// The suite's tests live in a static library; LogContractParamName calls these so that
// linking a test that names it keeps every file of the suite.
void LinkReadContractTests();
void LinkTopicContractTests();
void LinkGroupContractTests();
}  // namespace internal

}  // namespace stem::eventlog::testing

// Instantiates the whole suite for the factories given (LogUnderTestFactory values), at
// namespace scope, once per file (gtest wants the suite's unqualified name, hence the alias).
#define STEM_INSTANTIATE_LOG_CONTRACT(instantiation_name, ...)                                  \
  using LogContractTest = ::stem::eventlog::testing::LogContractTest;                           \
  INSTANTIATE_TEST_SUITE_P(instantiation_name, LogContractTest, ::testing::Values(__VA_ARGS__), \
                           ::stem::eventlog::testing::LogContractParamName)

#endif  // STEM_LIBS_EVENTLOG_TESTING_LOG_CONTRACT_H_
