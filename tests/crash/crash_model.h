// The crash test's writer and its memory of what it wrote: events of 50 aggregates, each
// carrying its per-aggregate sequence, and now and then a byte-identical copy of an earlier
// event (a producer's retry, which the command guard recognises: guarded_tally.h). From that memory
// it knows the exact tally each aggregate must have in a store that stands at given positions.
#ifndef STEM_TESTS_CRASH_CRASH_MODEL_H_
#define STEM_TESTS_CRASH_CRASH_MODEL_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "libs/eventlog/event_log.h"
#include "libs/projection/testing/tally_projector.h"

namespace stem::crash {

inline constexpr int kAggregates = 50;

std::string AggregateId(int aggregate);

class CrashModel {
 public:
  explicit CrashModel(uint64_t seed) : random_(seed), next_sequence_(kAggregates, 1) {}

  // Appends `count` new events (plus ~1% duplicates) in appends of up to 500 records.
  absl::Status AppendEvents(eventlog::EventLog& log, int count);

  // The tally of every aggregate of a store that applied exactly the records below
  // `positions`.
  std::vector<projection::testing::Tally> Expected(const eventlog::Positions& positions) const;
  // Events (not duplicates) at or beyond `positions`.
  int64_t Pending(const eventlog::Positions& positions) const;
  int64_t events() const { return events_; }
  // Events (not duplicates) of one aggregate appended so far; also its last sequence.
  int64_t EventsOf(int aggregate) const { return next_sequence_[aggregate] - 1; }
  int64_t duplicates() const { return static_cast<int64_t>(appended_.size()) - events_; }

 private:
  struct Appended {
    eventlog::TopicPartition tp;
    int64_t offset = 0;
    int aggregate = 0;
    int64_t sequence = 0;
    int64_t amount = 0;
    bool duplicate = false;
  };
  struct Original {
    int aggregate = 0;
    int64_t sequence = 0;
    int64_t amount = 0;
    std::string bytes;
  };

  absl::Status AppendChunk(eventlog::EventLog& log, const std::vector<Original>& chunk,
                           const std::vector<bool>& duplicate);

  std::mt19937_64 random_;
  std::vector<int64_t> next_sequence_;
  std::vector<Original> originals_;
  std::vector<Appended> appended_;
  int64_t events_ = 0;
};

}  // namespace stem::crash

#endif  // STEM_TESTS_CRASH_CRASH_MODEL_H_
