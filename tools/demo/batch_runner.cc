#include "tools/demo/batch_runner.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace stem::demo {

absl::Status RunBatch(int parallelism, size_t count,
                      const std::function<absl::Status(size_t)>& task) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::map<size_t, absl::Status> failures;
  auto work = [&] {
    while (!failed) {
      const size_t index = next++;
      if (index >= count) return;
      absl::Status status = task(index);
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        failures.emplace(index, std::move(status));
        failed = true;
      }
    }
  };
  const size_t threads = std::min(count, static_cast<size_t>(std::max(1, parallelism)));
  std::vector<std::thread> workers;
  for (size_t i = 1; i < threads; ++i) workers.emplace_back(work);
  work();
  for (std::thread& worker : workers) worker.join();
  return failures.empty() ? absl::OkStatus() : failures.begin()->second;
}

}  // namespace stem::demo
