// Helpers for the tests that run against a real Kafka broker (label kafka). The broker's
// address comes from STEM_KAFKA_BOOTSTRAP (`deploy/kafka/broker.sh run -- ctest ...` sets
// it). All tests share one broker and run in parallel, so every topic and group name is
// unique.
#ifndef STEM_TESTS_INTEGRATION_KAFKA_TEST_UTIL_H_
#define STEM_TESTS_INTEGRATION_KAFKA_TEST_UTIL_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/kafka_event_log.h"

namespace stem::eventlog::kafka_testing {

// The broker's bootstrap address; fails the current test (and returns "") when
// STEM_KAFKA_BOOTSTRAP is unset.
std::string KafkaBootstrap();

// `base` plus a suffix no other test or run uses.
std::string UniqueKafkaName(std::string_view base);

// Options for a test log: the broker, and consumer-group timeouts short enough that
// rebalances take seconds, not the defaults' tens of seconds.
KafkaOptions TestKafkaOptions();

// A topic with `partitions` partitions and default settings.
TopicSpec Spec(const std::string& name, int32_t partitions);

// Subscription options for a full-mode reader, or (with a group id) a group member.
SubscriptionOptions ReaderOptions(std::vector<std::string> topics, AssignmentListener* listener,
                                  std::string group_id = "", std::string group_instance_id = "");

// How long a test waits for something that should happen in seconds before it fails.
inline constexpr absl::Duration kPatience = absl::Seconds(60);

// An AssignmentListener that starts every partition at a configurable offset (the beginning
// by default), records what it is told, and checks that it is only called from inside Poll
// (the test marks its Poll calls with PollScope).
class RecordingListener : public AssignmentListener {
 public:
  // Marks a Poll call on this listener's subscription.
  class PollScope {
   public:
    explicit PollScope(RecordingListener& listener) : listener_(listener) {
      listener_.in_poll_ = true;
    }
    ~PollScope() { listener_.in_poll_ = false; }

   private:
    RecordingListener& listener_;
  };

  absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>& partitions) override;
  void OnRevoked(const std::vector<TopicPartition>& partitions) override;

  void SetStart(const TopicPartition& tp, int64_t offset);
  // Calls that came from outside a PollScope (should stay 0).
  int calls_outside_poll() const { return calls_outside_poll_; }
  std::vector<std::vector<TopicPartition>> assigned() const;
  std::vector<std::vector<TopicPartition>> revoked() const;
  int rebalances() const;

 private:
  std::atomic<bool> in_poll_ = false;
  std::atomic<int> calls_outside_poll_ = 0;
  mutable std::mutex mu_;
  Positions start_;
  std::vector<std::vector<TopicPartition>> assigned_;
  std::vector<std::vector<TopicPartition>> revoked_;
};

// Polls `subscription` (inside a PollScope of `listener`) until `done` holds or kPatience
// passes; returns the records read. Fails the test on a Poll error or on timeout.
std::vector<Record> PollUntil(Subscription& subscription, RecordingListener& listener,
                              const std::function<bool(const std::vector<Record>&)>& done);

// Reads every partition of `topic` from the beginning until the subscription's read
// positions reach the topic's end offsets taken when called.
std::vector<Record> ReadEverything(EventLog& log, const std::string& topic);

// True when every partition in `ends` has a read position at or past its end.
bool CaughtUp(const Subscription& subscription, const Positions& ends);

}  // namespace stem::eventlog::kafka_testing

#endif  // STEM_TESTS_INTEGRATION_KAFKA_TEST_UTIL_H_
