// The benchmarks' events: envelopes as a command writes them (fresh ids, both clocks, the
// actor, the request, the command's identity and digest) around a SampleStepRecorded, for
// the TallyProjector to project; and a topic filled with them.
#ifndef STEM_BENCH_BENCH_EVENTS_H_
#define STEM_BENCH_BENCH_EVENTS_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/projection/testing/tally_projector.h"

namespace stem::bench {

struct FillSpec {
  std::string topic;
  int64_t events = 0;
  int aggregates = 0;
  // Records per Append (one Kafka transaction).
  int append_batch = 1000;
};

struct FillResult {
  int64_t events = 0;
  // What a projection of the whole topic holds per aggregate id.
  std::map<std::string, projection::testing::Tally> expected;
  // Serialized envelopes, in total.
  int64_t bytes = 0;
  absl::Duration elapsed;
};

// Appends spec.events events round-robin over spec.aggregates academies (so every
// aggregate's steps go 1, 2, 3, ...). The topic must exist.
absl::StatusOr<FillResult> FillTopic(eventlog::EventLog& log, const FillSpec& spec);

}  // namespace stem::bench

#endif  // STEM_BENCH_BENCH_EVENTS_H_
