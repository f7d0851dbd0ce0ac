// Whether any Kafka broker answers, as a background probe sees it: lets the event log
// refuse an Append or an end offset query at once while the brokers are away
// (UNAVAILABLE / LOG_UNAVAILABLE), instead of queuing callers until their deadlines.
//
// The probe asks for cluster metadata (brokers only), whose timeout librdkafka honours:
// every kDownProbeInterval while the brokers are away, so that calls are admitted again
// within about that long after they return, and every kUpProbeInterval while they answer.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_REACHABILITY_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_REACHABILITY_H_

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace stem::eventlog::internal {

class BrokerReachability {
 public:
  static constexpr absl::Duration kDownProbeInterval = absl::Milliseconds(250);
  static constexpr absl::Duration kUpProbeInterval = absl::Seconds(1);
  static constexpr absl::Duration kProbeTimeout = absl::Milliseconds(500);
  // Probes that must fail in a row before the brokers count as away: one lost answer is
  // not an outage.
  static constexpr int kFailuresToDown = 2;

  // Probes through `handle` (shared: the probe thread may outlive a blocked call).
  explicit BrokerReachability(std::shared_ptr<RdKafka::Handle> handle);
  ~BrokerReachability();

  BrokerReachability(const BrokerReachability&) = delete;
  BrokerReachability& operator=(const BrokerReachability&) = delete;

  // False once kFailuresToDown probes in a row failed, true again after one succeeds or a
  // broker answered another request (NoteAnswered).
  bool reachable() const { return reachable_.load(std::memory_order_relaxed); }
  // A broker answered a request: the brokers are back, whatever the last probe said.
  void NoteAnswered() { reachable_.store(true, std::memory_order_relaxed); }

 private:
  void Run();

  const std::shared_ptr<RdKafka::Handle> handle_;
  std::atomic<bool> reachable_{true};
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_REACHABILITY_H_
