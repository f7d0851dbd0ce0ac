#include "libs/eventlog/internal/kafka_reachability.h"

#include <utility>

#include "libs/metrics/metrics.h"

namespace stem::eventlog::internal {

BrokerReachability::BrokerReachability(std::shared_ptr<RdKafka::Handle> handle)
    : handle_(std::move(handle)), thread_([this] { Run(); }) {}

BrokerReachability::~BrokerReachability() {
  stop_.Notify();
  thread_.join();
}

namespace {

metrics::Gauge& ReachableGauge() {
  static metrics::Gauge& gauge =
      metrics::ProcessRegistry()
          .AddGauge("stem_kafka_brokers_reachable",
                    "1 while a Kafka broker answers this process's probe, 0 while none does")
          .With({});
  return gauge;
}

}  // namespace

void BrokerReachability::Run() {
  int failures = 0;
  while (!stop_.HasBeenNotified()) {
    RdKafka::Metadata* raw = nullptr;
    const RdKafka::ErrorCode err = handle_->metadata(
        /*all_topics=*/false, /*only_rkt=*/nullptr, &raw,
        static_cast<int>(absl::ToInt64Milliseconds(kProbeTimeout)));
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    const bool answered =
        err == RdKafka::ERR_NO_ERROR && metadata != nullptr && !metadata->brokers()->empty();
    failures = answered ? 0 : failures + 1;
    if (answered) {
      reachable_.store(true, std::memory_order_relaxed);
    } else if (failures >= kFailuresToDown) {
      reachable_.store(false, std::memory_order_relaxed);
    }
    ReachableGauge().Set(reachable() ? 1 : 0);
    stop_.WaitForNotificationWithTimeout(reachable() ? kUpProbeInterval : kDownProbeInterval);
  }
}

}  // namespace stem::eventlog::internal
