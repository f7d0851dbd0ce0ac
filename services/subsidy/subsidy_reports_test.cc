// The reports of rulebook section 7 through the real gRPC API: the register on a date,
// the coverage of a period across the 2025 mergers, and the budgets of periods and calls.
#include <gtest/gtest.h>

#include <map>

#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "services/subsidy/testing/subsidy_scenario.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::subsidy {
namespace {

namespace partnership = ::stem::partnership::v1;
using service::testing::ServiceHarness;
using testing::AcademyToken;
using testing::kA;
using testing::kB;
using testing::kC;
using testing::SubsidyScenario;

absl::StatusOr<v1::GetCoverageResponse> Coverage(SubsidyScenario& scenario,
                                                 const std::string& period_id,
                                                 v1::Territories territories,
                                                 const std::string& token = "auditor") {
  v1::GetCoverageRequest request;
  request.set_period_id(period_id);
  request.set_territories(territories);
  v1::GetCoverageResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      scenario.reports().GetCoverage(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

std::map<std::string, v1::MunicipalityCoverage> Lines(const v1::GetCoverageResponse& coverage) {
  std::map<std::string, v1::MunicipalityCoverage> lines;
  for (const v1::MunicipalityCoverage& line : coverage.municipalities()) {
    lines[line.nis_code()] = line;
  }
  return lines;
}

absl::StatusOr<v1::GetRegisterResponse> Register(SubsidyScenario& scenario, const std::string& date,
                                                 int expiring_within_days,
                                                 const std::string& token = "auditor",
                                                 int page_size = 0,
                                                 const std::string& page_token = "") {
  v1::GetRegisterRequest request;
  request.set_date(date);
  request.set_expiring_within_days(expiring_within_days);
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  v1::GetRegisterResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      scenario.reports().GetRegister(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

service::testing::HarnessOptions In2024() {
  service::testing::HarnessOptions options = testing::SubsidyScenarioOptions();
  options.clock_start = "2024-01-08T09:00:00Z";
  return options;
}

TEST(SubsidyReportsTest, CoverageCountsA2019MunicipalityOnceUnderIts2025Territory) {
  SubsidyScenario scenario(In2024());
  scenario.Recognise({kA, kB, kC});
  ASSERT_TRUE(scenario
                  .OpenPeriod(SubsidyScenario::PeriodRequest(
                      "2024-1", "2024-01-01", "2024-06-30", "2024-01-01T00:00:00+01:00",
                      "2024-04-01T00:00:00+02:00", "2024-07-15T00:00:00+02:00", 500000, 0))
                  .ok());
  ASSERT_TRUE(scenario
                  .OpenPeriod(SubsidyScenario::PeriodRequest(
                      "2024-2025", "2024-09-01", "2025-06-30", "2024-09-01T00:00:00+02:00",
                      "2024-10-01T00:00:00+02:00", "2025-07-15T00:00:00+02:00", 500000, 0))
                  .ok());
  // Hasselt (71022) and Kortessem (73040) merge into Hasselt (71072) in 2025.
  const std::string hasselt =
      scenario.RegisterActivity(kA, "71022", {{"2024-03-02", "10:00", "12:00"}});
  const std::string kortessem =
      scenario.RegisterActivity(kB, "73040", {{"2024-03-02", "14:00", "16:00"}});
  const std::string antwerpen =
      scenario.RegisterActivity(kC, "11002", {{"2024-03-09", "10:00", "12:00"}});
  // Offered but never counted: in school hours (no calendar for 2023-2024: every weekday is
  // a school day).
  scenario.RegisterActivity(kA, "11001", {{"2024-03-05", "10:00", "12:00"}});
  // Cancelled: no offer.
  const std::string gent =
      scenario.RegisterActivity(kC, "44021", {{"2024-03-09", "14:00", "16:00"}});
  scenario.CancelActivity(gent);
  scenario.harness().AdvanceTo("2024-03-11T12:00:00Z");
  scenario.Attend(kA, hasselt, "s1", {{10, 5}});    // 5 x 120 = 600
  scenario.Attend(kB, kortessem, "s1", {{12, 2}});  // 2 x 120 = 240
  scenario.Attend(kC, antwerpen, "s1", {{9, 3}});   // 3 x 120 = 360
  // A STEM-partnership (led by an organisation that is none of the academies) reports a
  // trajectory in Gent in an approved report; an unapproved report names Deinze.
  partnership::PartnershipApproved approved;
  approved.set_call_id("call-2023");
  approved.set_partnership_id("ptn-gent");
  approved.set_lead_kbo("0403170701");
  approved.set_approved_cents(20000000);
  approved.set_project_start("2024-02-01");
  approved.set_project_end("2026-01-31");
  scenario.AppendPartnershipFact("call", "call-2023", approved);
  partnership::ReportSubmitted interim;
  interim.set_partnership_id("ptn-gent");
  interim.set_report_id("interim-2");
  interim.set_kind(partnership::REPORT_KIND_INTERIM);
  interim.add_trajectory_nis_codes("44021");
  scenario.AppendPartnershipFact("partnership", "ptn-gent", interim);
  partnership::ReportApproved interim_approved;
  interim_approved.set_partnership_id("ptn-gent");
  interim_approved.set_report_id("interim-2");
  interim_approved.set_kind(partnership::REPORT_KIND_INTERIM);
  scenario.AppendPartnershipFact("partnership", "ptn-gent", interim_approved);
  partnership::ReportSubmitted final_report = interim;
  final_report.set_report_id("final-4");
  final_report.set_kind(partnership::REPORT_KIND_FINAL);
  final_report.set_trajectory_nis_codes(0, "44083");
  scenario.AppendPartnershipFact("partnership", "ptn-gent", final_report);
  scenario.CatchUp();

  // A period before 2025 counts in the 2019 municipalities by default.
  auto in_2019 = Coverage(scenario, "2024-1", v1::TERRITORIES_UNSPECIFIED);
  ASSERT_TRUE(in_2019.ok()) << in_2019.status();
  EXPECT_EQ(in_2019->territories(), v1::TERRITORIES_2019);
  EXPECT_EQ(in_2019->municipalities_total(), 300);
  EXPECT_EQ(in_2019->municipalities_reached(), 3);  // 71022, 73040, 11002
  EXPECT_EQ(in_2019->child_minutes(), 600 + 240 + 360);
  auto lines = Lines(*in_2019);
  EXPECT_TRUE(lines["71022"].reached());
  EXPECT_TRUE(lines["73040"].reached());
  EXPECT_EQ(lines["71022"].child_minutes(), 600);
  EXPECT_EQ(lines["11001"].sessions_offered(), 1);
  EXPECT_EQ(lines["11001"].sessions_counted(), 0);
  EXPECT_FALSE(lines["11001"].reached());
  EXPECT_FALSE(lines["11001"].no_offer());
  ASSERT_EQ(lines["44021"].trajectory_partnership_ids_size(), 1);
  EXPECT_EQ(lines["44021"].sessions_offered(), 0);
  EXPECT_FALSE(lines["44021"].no_offer());
  EXPECT_TRUE(lines["44083"].no_offer());  // its report is not approved
  // No offer: every municipality but 71022, 73040, 11002, 11001 and 44021.
  EXPECT_EQ(in_2019->no_offer_nis_codes_size(), 300 - 5);

  // In 2025 territories, Hasselt and Kortessem are one municipality, reached once.
  auto in_2025 = Coverage(scenario, "2024-1", v1::TERRITORIES_2025);
  ASSERT_TRUE(in_2025.ok()) << in_2025.status();
  EXPECT_EQ(in_2025->municipalities_total(), 285);
  EXPECT_EQ(in_2025->municipalities_reached(), 2);  // 71072, 11002
  lines = Lines(*in_2025);
  EXPECT_EQ(lines.count("71022"), 0u);
  EXPECT_EQ(lines.count("73040"), 0u);
  const v1::MunicipalityCoverage& merged = lines["71072"];
  EXPECT_EQ(merged.name(), "Hasselt");
  ASSERT_EQ(merged.counted_nis_codes_size(), 2);
  EXPECT_EQ(merged.counted_nis_codes(0), "71022");
  EXPECT_EQ(merged.counted_nis_codes(1), "73040");
  ASSERT_EQ(merged.academy_kbos_size(), 2);
  EXPECT_EQ(merged.child_minutes(), 600 + 240);
  EXPECT_EQ(merged.sessions_counted(), 2);
  EXPECT_EQ(in_2025->no_offer_nis_codes_size(), 285 - 4);

  // A municipality reads its own line: in 2025 territories Hasselt's; in 2019 territories
  // the two lines its territory now holds.
  auto own = Coverage(scenario, "2024-1", v1::TERRITORIES_2025, "municipality-71072");
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_EQ(own->municipalities_size(), 1);
  EXPECT_EQ(own->municipalities(0).nis_code(), "71072");
  EXPECT_EQ(own->municipalities_reached(), 2);
  own = Coverage(scenario, "2024-1", v1::TERRITORIES_2019, "municipality-71072");
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_EQ(own->municipalities_size(), 2);
  EXPECT_EQ(ReasonOf(Coverage(scenario, "2024-1", v1::TERRITORIES_2019, AcademyToken(kA)).status()),
            "ROLE_NOT_ALLOWED");

  // A period that reaches into 2025 has no 2019 territories.
  EXPECT_EQ(ReasonOf(Coverage(scenario, "2024-2025", v1::TERRITORIES_2019).status()),
            "TERRITORIES_INVALID");
  auto spanning = Coverage(scenario, "2024-2025", v1::TERRITORIES_UNSPECIFIED);
  ASSERT_TRUE(spanning.ok()) << spanning.status();
  EXPECT_EQ(spanning->territories(), v1::TERRITORIES_2025);
  EXPECT_EQ(spanning->municipalities_reached(), 0);
  EXPECT_EQ(ReasonOf(Coverage(scenario, "2030-1", v1::TERRITORIES_2025).status()),
            "PERIOD_NOT_FOUND");
}

TEST(SubsidyReportsTest, TheRegisterOnADate) {
  SubsidyScenario scenario;
  scenario.Recognise({kA, kB});  // from 2019-01-07 until 2020-01-06
  scenario.Revoke(kB, "2019-06-01");
  scenario.CatchUp();

  auto march = Register(scenario, "2019-03-01", 0);
  ASSERT_TRUE(march.ok()) << march.status();
  ASSERT_EQ(march->academies_size(), 2);
  EXPECT_EQ(march->academies(0).kbo(), kA);
  EXPECT_EQ(march->academies(0).name(), std::string("STEM-academie ") + kA);
  EXPECT_EQ(march->academies(0).valid_from(), "2019-01-07");
  EXPECT_EQ(march->academies(0).valid_until(), "2020-01-06");
  EXPECT_EQ(march->academies(0).recognised_until(), "2020-01-06");
  EXPECT_EQ(march->academies(1).recognised_until(), "2019-05-31");
  // Within 100 days of 1 March only B's recognition ends.
  auto expiring = Register(scenario, "2019-03-01", 100);
  ASSERT_TRUE(expiring.ok());
  ASSERT_EQ(expiring->academies_size(), 1);
  EXPECT_EQ(expiring->academies(0).kbo(), kB);
  auto july = Register(scenario, "2019-07-01", 0);
  ASSERT_EQ(july->academies_size(), 1);
  EXPECT_EQ(july->academies(0).kbo(), kA);
  EXPECT_EQ(Register(scenario, "2018-12-31", 0)->academies_size(), 0);
  // Today on the suite's clock, page by page.
  auto first = Register(scenario, "", 0, "officer", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->date(), "2019-01-07");
  ASSERT_EQ(first->academies_size(), 1);
  ASSERT_FALSE(first->next_page_token().empty());
  auto second = Register(scenario, "", 0, "officer", 1, first->next_page_token());
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->academies_size(), 1);
  EXPECT_EQ(second->academies(0).kbo(), kB);
  EXPECT_TRUE(second->next_page_token().empty());

  EXPECT_EQ(ReasonOf(Register(scenario, "1 March", 0).status()), "DATE_INVALID");
  EXPECT_EQ(ReasonOf(Register(scenario, "2019-03-01", -1).status()), "DAYS_INVALID");
  for (const std::string& token : {AcademyToken(kA), std::string("municipality-11002")}) {
    EXPECT_EQ(ReasonOf(Register(scenario, "2019-03-01", 0, token).status()), "ROLE_NOT_ALLOWED");
  }
}

TEST(SubsidyReportsTest, BudgetsOfPeriodsAndCalls) {
  SubsidyScenario scenario;
  scenario.StartTrancheProcessor();
  scenario.Recognise({kA});
  // Budget 500000, minimum 100000, per-academy cap 300000.
  v1::OpenPeriodRequest capped = SubsidyScenario::PeriodRequest(
      "2019-1", "2019-01-01", "2019-06-30", "2019-01-01T00:00:00+01:00",
      "2019-04-01T00:00:00+02:00", "2019-07-15T00:00:00+02:00", 500000, 100000);
  capped.set_academy_cap_cents(300000);
  ASSERT_TRUE(scenario.OpenPeriod(capped).ok());
  ASSERT_TRUE(scenario
                  .OpenPeriod(SubsidyScenario::PeriodRequest(
                      "2019-2", "2019-07-01", "2019-12-31", "2019-07-01T00:00:00+02:00",
                      "2019-10-01T00:00:00+02:00", "2020-01-15T00:00:00+01:00", 700000, 100000))
                  .ok());
  const std::string a = scenario.RegisterActivity(kA, "11002", {{"2019-03-02", "10:00", "12:00"}});
  ASSERT_TRUE(scenario.Apply(AcademyToken(kA), "2019-1", kA).ok());
  scenario.harness().AdvanceTo("2019-03-04T12:00:00Z");
  scenario.Attend(kA, a, "s1", {{10, 4}});
  scenario.harness().AdvanceTo("2019-07-15T08:00:00Z");
  ASSERT_TRUE(scenario.Allocate("2019-1").ok());
  // A alone: m = 100000 plus CLR(400000) with its cap reduced to 200000: its cap. 300000.
  EXPECT_EQ(scenario.Decision("2019-1", kA)->amount_cents(), 300000);

  // A call of EUR 1,000,000 with two partnerships; the default schedule 500/300/200.
  partnership::CallOpened call;
  call.set_call_id("call-2019");
  call.set_title("STEM-partnerschappen 2019");
  call.set_budget_cents(100000000);
  scenario.AppendPartnershipFact("call", "call-2019", call);
  for (const auto& [id, amount] :
       std::vector<std::pair<std::string, int64_t>>{{"ptn-1", 20000000}, {"ptn-2", 15000001}}) {
    partnership::PartnershipApproved approved;
    approved.set_call_id("call-2019");
    approved.set_partnership_id(id);
    approved.set_lead_kbo(kA);
    approved.set_approved_cents(amount);
    approved.set_project_start("2019-09-01");
    approved.set_project_end("2021-08-31");
    scenario.AppendPartnershipFact("call", "call-2019", approved);
  }
  partnership::ReportApproved interim;
  interim.set_partnership_id("ptn-1");
  interim.set_report_id("interim-2");
  interim.set_kind(partnership::REPORT_KIND_INTERIM);
  scenario.AppendPartnershipFact("partnership", "ptn-1", interim);
  // ptn-1: 10000000 + 6000000; ptn-2: floor(15000001 x 500 / 1000) = 7500000.
  scenario.AwaitTranches("ptn-1", 2);
  scenario.AwaitTranches("ptn-2", 1);

  v1::GetBudgetsResponse budgets;
  ASSERT_TRUE(
      scenario.reports()
          .GetBudgets(ServiceHarness::As("auditor").get(), v1::GetBudgetsRequest(), &budgets)
          .ok());
  ASSERT_EQ(budgets.periods_size(), 2);
  EXPECT_EQ(budgets.periods(0).period_id(), "2019-1");
  EXPECT_TRUE(budgets.periods(0).allocated());
  EXPECT_EQ(budgets.periods(0).allocated_cents(), 300000);
  EXPECT_EQ(budgets.periods(0).paid_cents(), 300000);
  EXPECT_EQ(budgets.periods(0).unspent_cents(), 200000);
  EXPECT_FALSE(budgets.periods(1).allocated());
  EXPECT_EQ(budgets.periods(1).unspent_cents(), 700000);
  ASSERT_EQ(budgets.calls_size(), 1);
  const v1::CallBudget& budget = budgets.calls(0);
  EXPECT_EQ(budget.title(), "STEM-partnerschappen 2019");
  EXPECT_EQ(budget.partnerships_approved(), 2);
  EXPECT_EQ(budget.approved_cents(), 35000001);
  EXPECT_EQ(budget.paid_cents(), 10000000 + 6000000 + 7500000);
  EXPECT_EQ(budget.outstanding_cents(), 35000001 - 23500000);
  EXPECT_EQ(budget.unspent_cents(), 100000000 - 35000001);

  v1::GetBudgetsResponse refused;
  EXPECT_EQ(
      ReasonOf(rpc::FromGrpcStatus(scenario.reports().GetBudgets(
          ServiceHarness::As("municipality-11002").get(), v1::GetBudgetsRequest(), &refused))),
      "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace stem::subsidy
