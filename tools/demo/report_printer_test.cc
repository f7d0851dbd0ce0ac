#include "tools/demo/report_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/shared_data.h"

namespace stem::demo {
namespace {

using ::testing::HasSubstr;

TEST(ReportPrinterTest, MoneyAndNumbers) {
  EXPECT_EQ(Euros(0), "€0.00");
  EXPECT_EQ(Euros(123456), "€1,234.56");
  EXPECT_EQ(Euros(25000000), "€250,000.00");
  EXPECT_EQ(Thousands(999), "999");
  EXPECT_EQ(Thousands(-1234567), "-1,234,567");
}

subsidy::v1::MunicipalityCoverage Line(const std::string& nis, bool reached, int64_t minutes,
                                       const std::vector<std::string>& academies) {
  subsidy::v1::MunicipalityCoverage line;
  line.set_nis_code(nis);
  line.set_reached(reached);
  line.set_no_offer(!reached && academies.empty());
  line.set_child_minutes(minutes);
  line.set_sessions_counted(reached ? 3 : 0);
  for (const std::string& kbo : academies) line.add_academy_kbos(kbo);
  return line;
}

TEST(ReportPrinterTest, CoverageSumsPerProvinceFromTheNisCode) {
  auto registry = domain::MunicipalityRegistry::Load(DefaultSharedDataDir());
  ASSERT_TRUE(registry.ok()) << registry.status();
  subsidy::v1::GetCoverageResponse coverage;
  coverage.set_period_id("2019-1");
  coverage.set_first_day("2019-01-01");
  coverage.set_last_day("2019-06-30");
  *coverage.add_municipalities() = Line("11001", true, 6000, {"0123456749"});
  *coverage.add_municipalities() = Line("11002", true, 12000, {"0123456749", "0200000043"});
  *coverage.add_municipalities() = Line("11004", false, 0, {});
  *coverage.add_municipalities() = Line("44021", true, 600, {"0300000016"});
  const std::string table = CoverageByProvince(coverage, **registry);
  // Antwerpen: 3 municipalities, 2 reached (67%), 300 child-hours, 2 academies, 1 no offer.
  EXPECT_THAT(table, HasSubstr("Antwerpen             3        2   67%           300          2"));
  EXPECT_THAT(table, HasSubstr("Oost-Vlaanderen       1        1  100%            10          1"));
  EXPECT_THAT(table, HasSubstr("Flanders              4        3   75%           310          3"));
}

TEST(ReportPrinterTest, BudgetTableListsPeriodsAndCalls) {
  subsidy::v1::GetBudgetsResponse budgets;
  subsidy::v1::PeriodBudget* period = budgets.add_periods();
  period->set_period_id("2019-1");
  period->set_budget_cents(25000000);
  period->set_allocated_cents(25000000);
  subsidy::v1::CallBudget* call = budgets.add_calls();
  call->set_call_id("2019");
  call->set_partnerships_approved(4);
  call->set_budget_cents(100000000);
  const std::string table = BudgetTable(budgets);
  EXPECT_THAT(table, HasSubstr("period 2019-1"));
  EXPECT_THAT(table, HasSubstr("call 2019 (4 approved)"));
  EXPECT_THAT(table, HasSubstr("€1,000,000.00"));
}

}  // namespace
}  // namespace stem::demo
