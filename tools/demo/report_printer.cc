#include "tools/demo/report_printer.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/clock/clock.h"

namespace stem::demo {
namespace {

struct ProvinceLine {
  int municipalities = 0;
  int reached = 0;
  int no_offer = 0;
  int64_t child_minutes = 0;
  int64_t sessions_counted = 0;
  std::set<std::string> academies;
};

std::string Share(int part, int whole) {
  return whole == 0 ? "-" : absl::StrFormat("%d%%", (part * 100 + whole / 2) / whole);
}

std::string ProvinceRow(const std::string& name, const ProvinceLine& line) {
  return absl::StrFormat("  %-16s %6d %8d %5s %13s %10d %9s %9d\n", name, line.municipalities,
                         line.reached, Share(line.reached, line.municipalities),
                         Thousands(line.child_minutes / 60), line.academies.size(),
                         Thousands(line.sessions_counted), line.no_offer);
}

}  // namespace

std::string Thousands(int64_t number) {
  std::string digits = absl::StrCat(number < 0 ? -number : number);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return number < 0 ? "-" + grouped : grouped;
}

std::string Euros(int64_t cents) {
  const int64_t whole = cents / 100;
  const int64_t rest = (cents < 0 ? -cents : cents) % 100;
  return absl::StrFormat("€%s.%02d", Thousands(whole), rest);
}

std::string AllocationSummary(const PeriodPlan& period, const subsidy::v1::PeriodAllocated& summary,
                              std::vector<int64_t> granted_cents,
                              const subsidy::v1::GetCoverageResponse& coverage) {
  std::string text = absl::StrFormat("  %s: %s, rule %s v%d, decided %s, %s\n", summary.period_id(),
                                     period.title, summary.rule_id(), summary.rule_version(),
                                     summary.decided_on(), summary.method());
  absl::StrAppendFormat(&text, "    applications %d: %d granted, %d without a grant\n",
                        summary.applications(), summary.applications_granted(),
                        summary.applications_without_grant());
  absl::StrAppendFormat(&text,
                        "    municipalities reached: %d by the applicants; %d of %d by every "
                        "academy (coverage), %s child-hours\n",
                        summary.municipalities_reached(), coverage.municipalities_reached(),
                        coverage.municipalities_total(), Thousands(coverage.child_minutes() / 60));
  if (!summary.municipalities_with_demand().empty()) {
    absl::StrAppendFormat(&text, "    municipalities with demand when allocated: %d\n",
                          summary.municipalities_with_demand_size());
  }
  absl::StrAppendFormat(&text, "    budget %s, allocated %s, unspent %s\n",
                        Euros(summary.budget_cents()), Euros(summary.allocated_cents()),
                        Euros(summary.unspent_cents()));
  if (!granted_cents.empty()) {
    std::sort(granted_cents.begin(), granted_cents.end());
    absl::StrAppendFormat(
        &text, "    grants: smallest %s, median %s, largest %s\n", Euros(granted_cents.front()),
        Euros(granted_cents[granted_cents.size() / 2]), Euros(granted_cents.back()));
  }
  return text;
}

std::string CoverageByProvince(const subsidy::v1::GetCoverageResponse& coverage,
                               const domain::MunicipalityRegistry& municipalities) {
  const absl::CivilDay first_day =
      clock::ParseDate(coverage.first_day()).value_or(absl::CivilDay(2019, 1, 1));
  std::map<std::string, ProvinceLine> provinces;
  ProvinceLine total;
  for (const subsidy::v1::MunicipalityCoverage& line : coverage.municipalities()) {
    const auto municipality = municipalities.Find(line.nis_code(), first_day);
    const std::string province = municipality ? municipality->province : "?";
    for (ProvinceLine* sum : {&provinces[province], &total}) {
      ++sum->municipalities;
      sum->reached += line.reached() ? 1 : 0;
      sum->no_offer += line.no_offer() ? 1 : 0;
      sum->child_minutes += line.child_minutes();
      sum->sessions_counted += line.sessions_counted();
      sum->academies.insert(line.academy_kbos().begin(), line.academy_kbos().end());
    }
  }
  std::string text = absl::StrFormat(
      "  coverage %s (%s - %s) per province\n"
      "  %-16s %6s %8s %5s %13s %10s %9s %9s\n",
      coverage.period_id(), coverage.first_day(), coverage.last_day(), "province", "munic.",
      "reached", "", "child-hours", "academies", "sessions", "no offer");
  for (const auto& [name, line] : provinces) text += ProvinceRow(name, line);
  text += ProvinceRow("Flanders", total);
  return text;
}

std::string BudgetTable(const subsidy::v1::GetBudgetsResponse& budgets) {
  std::string text = absl::StrFormat("  %-22s %15s %15s %15s %15s\n", "budget", "total",
                                     "allocated", "paid", "unspent");
  for (const subsidy::v1::PeriodBudget& period : budgets.periods()) {
    absl::StrAppendFormat(&text, "  %-22s %15s %15s %15s %15s\n", "period " + period.period_id(),
                          Euros(period.budget_cents()), Euros(period.allocated_cents()),
                          Euros(period.paid_cents()), Euros(period.unspent_cents()));
  }
  for (const subsidy::v1::CallBudget& call : budgets.calls()) {
    absl::StrAppendFormat(
        &text, "  %-22s %15s %15s %15s %15s\n",
        absl::StrCat("call ", call.call_id(), " (", call.partnerships_approved(), " approved)"),
        Euros(call.budget_cents()), Euros(call.approved_cents()), Euros(call.paid_cents()),
        Euros(call.unspent_cents()));
  }
  return text;
}

}  // namespace stem::demo
