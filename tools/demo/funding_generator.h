// The money side of the scenario: the seed-level periods of 2019 and 2020 with the
// academies' applications and the municipalities' demand, and the STEM-partnership call of
// 2019 with its partnerships. Part of GenerateScenario (scenario_generator.h).
#ifndef STEM_TOOLS_DEMO_FUNDING_GENERATOR_H_
#define STEM_TOOLS_DEMO_FUNDING_GENERATOR_H_

#include <set>
#include <string>
#include <vector>

#include "libs/domain/municipalities.h"
#include "tools/demo/demo_random.h"
#include "tools/demo/scenario_plan.h"

namespace stem::demo {

// The 2019 call: EUR 500,000 for the year in two periods of EUR 250,000 each (the rulebook
// gives the year's budget; an even split over the two halves), minimum grant EUR 1,000 per
// period, rule KINDUREN_2019; and the 2020 period under GEMEENTE_2020.
std::vector<PeriodPlan> PlanPeriods();

// Applications of the recognised academies to each period (a few skip one, a few ask for a
// set amount, one withdraws); partnership leads whose project runs do not apply for 2020.
std::vector<SubsidyApplicationPlan> PlanApplications(
    DemoRandom& random, const std::vector<AcademyPlan>& academies,
    const std::vector<PartnershipPlan>& partnerships);

// Demand for 2020 from municipalities with and without an academy.
std::vector<DemandPlan> PlanDemand(DemoRandom& random, const std::vector<AcademyPlan>& academies,
                                   const std::vector<domain::Municipality>& municipalities);

CallPlan PlanCall();

// Five applications to the 2019 call, led by renewing academies in different provinces;
// four approved (one of those reports late), one rejected.
std::vector<PartnershipPlan> PlanPartnerships(
    DemoRandom& random, const std::vector<AcademyPlan>& academies,
    const std::vector<domain::Municipality>& municipalities, std::set<std::string>& taken_kbos);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_FUNDING_GENERATOR_H_
