// The Kafka Streams peer of the rebuild (bench/peer/run.sh, issue 14's
// rebuild_vs_kafka_streams) as a row of projection_rebuild_bench: a Kafka Streams
// application (exactly_once_v2, a persistent RocksDB store) that tallies the same topic as
// our runner's rebuild, in a JVM of its own started for each round. The peer times itself
// from the creation of its application and checks its store afterwards (untimed); this runs
// it and reads its figures. Its CPU time is its process's; how long it waited for a core is
// not known (zero).
#ifndef STEM_BENCH_PEER_MEASURE_H_
#define STEM_BENCH_PEER_MEASURE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/stopwatch.h"

namespace stem::bench {

struct PeerSpec {
  // bench/peer/run.sh.
  std::string script;
  std::string bootstrap;
  std::string topic;
  int64_t events = 0;
  int64_t aggregates = 0;
  // More of the peer's flags, e.g. "--caching=false".
  std::vector<std::string> flags = {};
};

// Runs the peer to its end. An error when it exits with a failure (its reason is on stderr,
// which it shares with this process) or prints no PEER line for spec.events events.
absl::StatusOr<Measurement> RunPeer(const PeerSpec& spec);

// Reads the peer's line: "PEER first_s=S last_s=S end_s=S cpu_first_s=S cpu_last_s=S
// cpu_end_s=S events=N", every field required.
absl::StatusOr<Measurement> ParsePeerLine(const std::string& line, int64_t events);

}  // namespace stem::bench

#endif  // STEM_BENCH_PEER_MEASURE_H_
