// The rebuild the projection benchmark times: a ProjectionRunner without group (full mode,
// as a new replica catches up, and as RebuildInto does) feeding a TallyProjector from the
// benchmark topic into a fresh RocksDB store in a temporary directory. The store is checked
// afterwards (untimed) against what was appended: a fast but wrong rebuild measures nothing.
#ifndef STEM_BENCH_REBUILD_MEASURE_H_
#define STEM_BENCH_REBUILD_MEASURE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "bench/bench_events.h"
#include "bench/stopwatch.h"
#include "libs/eventlog/event_log.h"

namespace stem::bench {

// From opening the store until the projector sees the first event (to_first), until
// PollOnce has applied and committed every event (to_last), and until CatchUp has reached
// the log's end offsets (to_end).
absl::StatusOr<Measurement> RunnerRebuild(eventlog::EventLog& log, const std::string& topic,
                                          const FillResult& fill, bool sync, size_t max_batch);

}  // namespace stem::bench

#endif  // STEM_BENCH_REBUILD_MEASURE_H_
