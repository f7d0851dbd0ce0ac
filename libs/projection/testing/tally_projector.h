// A projector for tests: per aggregate it keeps how many events it applied, the sum of
// their amounts and the last sequence, and records a violation when a sequence arrives that
// is not the last + 1 (an event applied twice, skipped, or out of order).
//
// State keys:
//   "tally/<aggregate id>"                -> "<count> <sum> <last sequence>"
//   "violation/<aggregate id>/<sequence>" -> "after <last sequence>"
//
// Payloads: SampleStepRecorded (its sequence and amount), and SampleAmountRecorded of
// schema version 2 (sequence: the envelope's aggregate version; amount: the cents). Version 1
// of the latter is refused (FAILED_PRECONDITION): the runner should have upcast it.
#ifndef STEM_LIBS_PROJECTION_TESTING_TALLY_PROJECTOR_H_
#define STEM_LIBS_PROJECTION_TESTING_TALLY_PROJECTOR_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/projection/projector.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::projection::testing {

struct Tally {
  int64_t count = 0;
  int64_t sum = 0;
  int64_t last = 0;

  friend bool operator==(const Tally&, const Tally&) = default;
  friend void PrintTo(const Tally& tally, std::ostream* out) {
    *out << "{count " << tally.count << ", sum " << tally.sum << ", last " << tally.last << "}";
  }
};

class TallyProjector : public Projector {
 public:
  explicit TallyProjector(std::vector<std::string> topics) : topics_(std::move(topics)) {}

  std::vector<std::string> Topics() const override { return topics_; }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     Batch& batch) override;

 private:
  std::vector<std::string> topics_;
};

absl::StatusOr<std::optional<Tally>> ReadTally(const StateReader& state,
                                               const std::string& aggregate_id);
// The violation keys, in key order.
absl::StatusOr<std::vector<std::string>> Violations(const StateReader& state);

// An event of aggregate type "tally" carrying SampleStepRecorded; its aggregate version is
// the sequence too.
events::v1::EventEnvelope StepEvent(const std::string& event_id, const std::string& aggregate_id,
                                    int64_t sequence, int64_t amount);

}  // namespace stem::projection::testing

#endif  // STEM_LIBS_PROJECTION_TESTING_TALLY_PROJECTOR_H_
