// The academies of the scenario: where they work, who they serve, and how the officer
// treats them. Part of GenerateScenario (scenario_generator.h).
#ifndef STEM_TOOLS_DEMO_ACADEMY_GENERATOR_H_
#define STEM_TOOLS_DEMO_ACADEMY_GENERATOR_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/domain/municipalities.h"
#include "tools/demo/demo_random.h"
#include "tools/demo/scenario_plan.h"

namespace stem::demo {

// Recognised academies cover exactly kActiveMunicipalities municipalities between them
// (every active municipality is in some recognised academy's list); rejected ones work in
// the big cities. Sorted by KBO number; `taken_kbos` receives their numbers.
absl::StatusOr<std::vector<AcademyPlan>> GenerateAcademies(
    DemoRandom& random, const std::vector<domain::Municipality>& municipalities,
    std::set<std::string>& taken_kbos);

// The municipality's NIS code's first two digits: its arrondissement.
std::string ArrondissementOf(const std::string& nis_code);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_ACADEMY_GENERATOR_H_
