// The demo's scenario from a seed and the reference data: pure (no I/O, no clock), so that
// one seed always gives one plan and the plan can be checked by a unit test.
#ifndef STEM_TOOLS_DEMO_SCENARIO_GENERATOR_H_
#define STEM_TOOLS_DEMO_SCENARIO_GENERATOR_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/domain/municipalities.h"
#include "libs/domain/school_calendar.h"
#include "tools/demo/scenario_plan.h"

namespace stem::demo {

inline constexpr uint64_t kDefaultSeed = 20190101;

struct ScenarioInputs {
  uint64_t seed = kDefaultSeed;
  // The Flemish municipalities valid in 2019 (shared/data/flemish_municipalities_2019.csv).
  std::vector<domain::Municipality> municipalities;
  // The school calendars 2018-2019 to 2020-2021 (shared/data/flemish_school_calendar.csv).
  std::vector<domain::SchoolYearCalendar> calendars;
};

// The sizes the scenario aims at.
inline constexpr int kActiveMunicipalities = 160;
inline constexpr int kFirstWaveRecognised = 121;
inline constexpr int kFirstWaveLapsing = 3;
inline constexpr int kFirstWaveRejected = 3;
inline constexpr int kNewcomersRecognised = 10;
inline constexpr int kNewcomersProvisionalOnly = 3;
inline constexpr int kNewcomersRejected = 2;

// FAILED_PRECONDITION when the inputs cannot carry the scenario (too few municipalities, a
// school calendar missing).
absl::StatusOr<ScenarioPlan> GenerateScenario(const ScenarioInputs& inputs);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_SCENARIO_GENERATOR_H_
