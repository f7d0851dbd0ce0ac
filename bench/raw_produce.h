// The baseline of the bulk import benchmark: a bare idempotent librdkafka producer (acks=all,
// the client's default batching) writing records to a topic as fast as it can, with no
// transaction, no decision and no projection: the floor that an import through the API
// cannot beat.
#ifndef STEM_BENCH_RAW_PRODUCE_H_
#define STEM_BENCH_RAW_PRODUCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/raw_consume.h"
#include "bench/stopwatch.h"

namespace stem::bench {

// Produces every record to `topic` (partitioned by key, as the event log does) and waits
// until each is acknowledged; the timing covers the first produce to the last
// acknowledgement.
absl::StatusOr<Timing> ProduceIdempotent(const std::string& bootstrap, const std::string& topic,
                                         const std::vector<KeptRecord>& records);

}  // namespace stem::bench

#endif  // STEM_BENCH_RAW_PRODUCE_H_
