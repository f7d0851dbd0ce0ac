#include "libs/eventlog/internal/kafka_reachability.h"

#include <utility>

namespace stem::eventlog::internal {

BrokerReachability::BrokerReachability(std::shared_ptr<RdKafka::Handle> handle)
    : handle_(std::move(handle)), thread_([this] { Run(); }) {}

BrokerReachability::~BrokerReachability() {
  stop_.Notify();
  thread_.join();
}

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
    stop_.WaitForNotificationWithTimeout(reachable() ? kUpProbeInterval : kDownProbeInterval);
  }
}

}  // namespace stem::eventlog::internal
