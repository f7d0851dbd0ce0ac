#include "tools/demo/scenario_generator.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "tools/demo/academy_generator.h"
#include "tools/demo/activity_generator.h"
#include "tools/demo/demo_random.h"
#include "tools/demo/funding_generator.h"
#include "tools/demo/session_schedule.h"

namespace stem::demo {

absl::StatusOr<ScenarioPlan> GenerateScenario(const ScenarioInputs& inputs) {
  for (int year : {2018, 2019, 2020}) {
    const bool known = std::any_of(
        inputs.calendars.begin(), inputs.calendars.end(),
        [year](const domain::SchoolYearCalendar& calendar) { return calendar.start_year == year; });
    if (!known) {
      return MakeError(absl::StatusCode::kFailedPrecondition, "REFERENCE_DATA_INCOMPLETE",
                       "the scenario needs the school calendar of " + domain::SchoolYearName(year));
    }
  }
  DemoRandom random(inputs.seed);
  ScenarioPlan plan;
  plan.seed = inputs.seed;
  plan.calendars = inputs.calendars;
  std::set<std::string> taken_kbos;
  auto academies = GenerateAcademies(random, inputs.municipalities, taken_kbos);
  if (!academies.ok()) return academies.status();
  plan.academies = std::move(*academies);
  plan.activities = GenerateActivities(random, plan.academies, SchoolDays(inputs.calendars));
  plan.partnerships = PlanPartnerships(random, plan.academies, inputs.municipalities, taken_kbos);
  plan.periods = PlanPeriods();
  plan.applications = PlanApplications(random, plan.academies, plan.partnerships);
  plan.demand = PlanDemand(random, plan.academies, inputs.municipalities);
  plan.call = PlanCall();
  return plan;
}

}  // namespace stem::demo
