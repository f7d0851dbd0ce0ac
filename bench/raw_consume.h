// The baseline of the projection benchmarks: a bare librdkafka consumer that reads a whole
// topic and throws the records away. Same isolation level (read_committed) and the same
// per-message consume() as the event log's subscriptions, nothing else: the floor that a
// projection on the log cannot beat.
#ifndef STEM_BENCH_RAW_CONSUME_H_
#define STEM_BENCH_RAW_CONSUME_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/stopwatch.h"

namespace stem::bench {

struct ConsumeResult {
  int64_t records = 0;
  int64_t bytes = 0;
  // From creating the consumer until the first record, the `expected`-th, and until every
  // partition reported its end.
  Measurement measurement;
};

struct KeptRecord {
  std::string key;
  std::string value;
};

// Reads every partition of `topic` from its beginning until each reaches its end. The topic
// must not change meanwhile (its end is where librdkafka first reports one). With `parse`,
// every value is also parsed as an EventEnvelope (DATA_LOSS when one is not): the least a
// projection must do with a record. With `keep`, the records' keys and values are appended
// to it (a baseline that produces the same records again).
absl::StatusOr<ConsumeResult> ConsumeAndDiscard(const std::string& bootstrap,
                                                const std::string& topic, int32_t partitions,
                                                int64_t expected, absl::Duration patience,
                                                bool parse = false,
                                                std::vector<KeptRecord>* keep = nullptr);

}  // namespace stem::bench

#endif  // STEM_BENCH_RAW_CONSUME_H_
