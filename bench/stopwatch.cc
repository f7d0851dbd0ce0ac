#include "bench/stopwatch.h"

#include <sys/resource.h>

#include <cstdint>
#include <fstream>

#include "absl/time/clock.h"

namespace stem::bench {
namespace {

absl::Duration ProcessCpu() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return absl::DurationFromTimeval(usage.ru_utime) + absl::DurationFromTimeval(usage.ru_stime);
}

// Zero where the kernel does not keep scheduler statistics.
absl::Duration ThreadRunDelay() {
  std::ifstream schedstat("/proc/thread-self/schedstat");
  int64_t running_ns = 0;
  int64_t waiting_ns = 0;
  if (!(schedstat >> running_ns >> waiting_ns)) return absl::ZeroDuration();
  return absl::Nanoseconds(waiting_ns);
}

Timing Now() { return {absl::Now() - absl::UnixEpoch(), ProcessCpu(), ThreadRunDelay()}; }

}  // namespace

Stopwatch::Stopwatch() : start_(Now()) {}

Timing Stopwatch::Elapsed() const {
  const Timing now = Now();
  return {now.wall - start_.wall, now.cpu - start_.cpu,
          now.waiting_for_cpu - start_.waiting_for_cpu};
}

}  // namespace stem::bench
