// Wall-clock and CPU time of a measured stretch, and how long the measuring thread waited
// for a core. The CPU time is the whole process's (user + system, all threads: librdkafka's
// and RocksDB's included, the broker's not), so that a figure taken while other work
// competes for the cores still says what the work cost; the wait says how much of the
// wall-clock time that competition took.
#ifndef STEM_BENCH_STOPWATCH_H_
#define STEM_BENCH_STOPWATCH_H_

#include "absl/time/time.h"

namespace stem::bench {

struct Timing {
  absl::Duration wall;
  absl::Duration cpu;
  // Runnable but not running (Linux schedstat run_delay of the calling thread).
  absl::Duration waiting_for_cpu;
};

// A read of a whole topic, timed from its start: when the first record arrived (a new
// consumer first looks up metadata and the partitions' beginnings), when the last one was
// consumed (or applied and committed), and when the reader knew it was at the end, which
// Kafka tells only after an empty fetch. The stretch from first to last is the throughput.
struct Measurement {
  Timing to_first;
  Timing to_last;
  Timing to_end;
};

// Start and Elapsed must be called on the same thread (the wait is that thread's).
class Stopwatch {
 public:
  Stopwatch();
  Timing Elapsed() const;

 private:
  Timing start_;
};

}  // namespace stem::bench

#endif  // STEM_BENCH_STOPWATCH_H_
