// The tally as a service projects facts: behind the command guard, which recognises the
// model's repeated records as repeats (libs/service/command_guard.h); the store's positions
// see to it that no record is applied twice.
#ifndef STEM_TESTS_CRASH_GUARDED_TALLY_H_
#define STEM_TESTS_CRASH_GUARDED_TALLY_H_

#include <string>
#include <vector>

#include "libs/events/fact_rules.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/service/command_guard.h"
#include "tests/crash/crash_scenario.h"

namespace stem::crash {

class GuardedTally final : public projection::Projector {
 public:
  GuardedTally() : guard_(tally_, rules_) {}

  std::vector<std::string> Topics() const override { return guard_.Topics(); }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override {
    return guard_.Apply(event, record, batch);
  }

 private:
  projection::testing::TallyProjector tally_{{kTopic}};
  const events::FactRules rules_;
  service::GuardedProjector guard_;
};

}  // namespace stem::crash

#endif  // STEM_TESTS_CRASH_GUARDED_TALLY_H_
