// What the demo prints about the suite's answers: each period's allocation summary, its
// coverage per province (the province from the NIS code, through the reference data) and
// the budgets. Pure formatting of the services' responses.
#ifndef STEM_TOOLS_DEMO_REPORT_PRINTER_H_
#define STEM_TOOLS_DEMO_REPORT_PRINTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "libs/domain/municipalities.h"
#include "stem/subsidy/v1/events.pb.h"
#include "stem/subsidy/v1/report_service.pb.h"
#include "tools/demo/scenario_plan.h"

namespace stem::demo {

// "€1,234.56".
std::string Euros(int64_t cents);
// "1,234,567".
std::string Thousands(int64_t number);

// The allocation's summary: applications, grants, municipalities reached, money.
// `granted_cents` holds the amount of each application with a grant.
std::string AllocationSummary(const PeriodPlan& period, const subsidy::v1::PeriodAllocated& summary,
                              std::vector<int64_t> granted_cents,
                              const subsidy::v1::GetCoverageResponse& coverage);

// One line per province and a total: municipalities, reached, child-hours, academies
// with child-minutes there, sessions counted, municipalities with no offer.
std::string CoverageByProvince(const subsidy::v1::GetCoverageResponse& coverage,
                               const domain::MunicipalityRegistry& municipalities);

// Per period and per call: budget, allocated or approved, paid, unspent.
std::string BudgetTable(const subsidy::v1::GetBudgetsResponse& budgets);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_REPORT_PRINTER_H_
