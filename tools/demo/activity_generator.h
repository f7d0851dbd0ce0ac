// The activities of the scenario: weekly series and holiday camps in the academies'
// municipalities, every session outside school hours, with attendance as counts per age.
// Part of GenerateScenario (scenario_generator.h).
#ifndef STEM_TOOLS_DEMO_ACTIVITY_GENERATOR_H_
#define STEM_TOOLS_DEMO_ACTIVITY_GENERATOR_H_

#include <vector>

#include "tools/demo/demo_random.h"
#include "tools/demo/scenario_plan.h"
#include "tools/demo/session_schedule.h"

namespace stem::demo {

// In 2019 every recognised academy runs a series in each of its municipalities, and some
// holiday camps; in 2020 those still recognised run fewer. Sorted by first session, then key.
std::vector<ActivityPlan> GenerateActivities(DemoRandom& random,
                                             const std::vector<AcademyPlan>& academies,
                                             const SchoolDays& days);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_ACTIVITY_GENERATOR_H_
