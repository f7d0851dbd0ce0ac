// The subsidy chapters of the story: periods opened, academies applying inside the window,
// municipalities registering demand, and the allocation after the reporting deadline with
// its summary and coverage.
#include <map>

#include "absl/strings/str_cat.h"
#include "libs/clock/clock.h"
#include "tools/demo/batch_runner.h"
#include "tools/demo/report_printer.h"
#include "tools/demo/story.h"

namespace stem::demo {
namespace {

using subsidy::v1::ReportService;
using subsidy::v1::SubsidyService;

std::string Instant(absl::Time instant) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", instant, absl::UTCTimeZone());
}

std::string LocalDay(absl::Time instant) {
  return clock::FormatDate(absl::ToCivilDay(instant, clock::Brussels()));
}

subsidy::v1::RegisterDemandRequest DemandRequestOf(const DemandPlan& demand, bool update) {
  subsidy::v1::RegisterDemandRequest request;
  request.set_request_id((update ? "demand-update-" : "demand-") + demand.period_id + "-" +
                         demand.nis_code);
  request.set_period_id(demand.period_id);
  request.set_municipality_nis_code(demand.nis_code);
  *request.mutable_ages() = demand.ages;
  for (common::v1::StemDomain domain : demand.domains) request.add_domains(domain);
  request.set_note(update ? demand.updated_note : demand.note);
  return request;
}

}  // namespace

absl::Status Story::OpenPeriod(const PeriodPlan& period) {
  subsidy::v1::OpenPeriodRequest request;
  request.set_request_id("period-" + period.period_id);
  request.set_period_id(period.period_id);
  request.set_title(period.title);
  request.set_first_day(clock::FormatDate(period.first_day));
  request.set_last_day(clock::FormatDate(period.last_day));
  request.set_window_opens_at(Instant(period.window_opens_at));
  request.set_window_closes_at(Instant(period.window_closes_at));
  request.set_reporting_deadline(Instant(period.reporting_deadline));
  request.set_budget_cents(period.budget_cents);
  request.set_rule_id(period.rule_id);
  for (const auto& [name, value] : period.rule_parameters) {
    (*request.mutable_rule_parameters())[name] = value;
  }
  request.set_minimum_grant_cents(period.minimum_grant_cents);
  request.set_academy_cap_cents(period.academy_cap_cents);
  subsidy::v1::OpenPeriodResponse response;
  if (absl::Status opened =
          Invoke(client_, Officer(), "OpenPeriod", period.period_id, client_.subsidy(),
                 &SubsidyService::Stub::OpenPeriod, request, &response);
      !opened.ok()) {
    return opened;
  }
  std::string rule = period.rule_id;
  for (const auto& [name, value] : period.rule_parameters) {
    absl::StrAppend(&rule, rule == period.rule_id ? " (" : ", ", name, "=", value);
  }
  if (!period.rule_parameters.empty()) rule += ")";
  Say(absl::StrCat("officer opens period ", period.period_id, " (", request.first_day(), " - ",
                   request.last_day(), "): budget ", Euros(period.budget_cents), ", minimum grant ",
                   Euros(period.minimum_grant_cents), ", rule ", rule, "; window ",
                   LocalDay(period.window_opens_at), " - ", LocalDay(period.window_closes_at),
                   ", reporting deadline ", LocalDay(period.reporting_deadline)));
  return absl::OkStatus();
}

absl::Status Story::ApplyForSubsidy(absl::CivilDay day) {
  std::vector<const SubsidyApplicationPlan*> applications;
  std::map<std::string, std::pair<int, int>> per_period;  // applications, with an amount
  for (const SubsidyApplicationPlan& application : plan_.applications) {
    if (application.submitted_on != day) continue;
    applications.push_back(&application);
    auto& [count, requested] = per_period[application.period_id];
    ++count;
    if (application.requested_cents) ++requested;
  }
  absl::Status applied = RunBatch(options_.parallelism, applications.size(), [&](size_t i) {
    const SubsidyApplicationPlan& application = *applications[i];
    subsidy::v1::SubmitApplicationRequest request;
    request.set_request_id("subsidy-" + application.period_id + "-" + application.academy_kbo);
    request.set_period_id(application.period_id);
    request.set_academy_kbo(application.academy_kbo);
    if (application.requested_cents) request.set_requested_cents(*application.requested_cents);
    subsidy::v1::SubmitApplicationResponse response;
    return Invoke(client_, AcademyActor(application.academy_kbo), "SubmitApplication (subsidy)",
                  application.period_id + "/" + application.academy_kbo, client_.subsidy(),
                  &SubsidyService::Stub::SubmitApplication, request, &response);
  });
  if (!applied.ok()) return applied;
  for (const auto& [period_id, counts] : per_period) {
    std::string text = absl::StrCat(counts.first, " academies apply for period ", period_id);
    if (counts.second > 0) {
      absl::StrAppend(&text, " (", counts.second, " ask for a set amount, which caps their grant)");
    }
    Say(text);
  }
  return absl::OkStatus();
}

absl::Status Story::WithdrawApplications(absl::CivilDay day) {
  for (const SubsidyApplicationPlan& application : plan_.applications) {
    if (application.withdrawn_on != day) continue;
    subsidy::v1::WithdrawApplicationRequest request;
    request.set_request_id("withdraw-" + application.period_id + "-" + application.academy_kbo);
    request.set_period_id(application.period_id);
    request.set_academy_kbo(application.academy_kbo);
    request.set_reason("Onze werking stopt dit najaar; we trekken de aanvraag in.");
    subsidy::v1::WithdrawApplicationResponse response;
    if (absl::Status withdrawn =
            Invoke(client_, AcademyActor(application.academy_kbo), "WithdrawApplication",
                   application.period_id + "/" + application.academy_kbo, client_.subsidy(),
                   &SubsidyService::Stub::WithdrawApplication, request, &response);
        !withdrawn.ok()) {
      return withdrawn;
    }
    Say("academy " + application.academy_kbo + " withdraws its application for period " +
        application.period_id);
  }
  return absl::OkStatus();
}

absl::Status Story::RegisterDemand(absl::CivilDay day) {
  std::vector<std::pair<const DemandPlan*, bool>> registrations;  // demand, is an update
  for (const DemandPlan& demand : plan_.demand) {
    if (demand.registered_on == day) registrations.push_back({&demand, false});
    if (demand.updated_on == day) registrations.push_back({&demand, true});
  }
  absl::Status registered = RunBatch(options_.parallelism, registrations.size(), [&](size_t i) {
    const auto& [demand, update] = registrations[i];
    subsidy::v1::RegisterDemandResponse response;
    return Invoke(client_, MunicipalityActor(demand->nis_code), "RegisterDemand",
                  demand->period_id + "/" + demand->nis_code, client_.subsidy(),
                  &SubsidyService::Stub::RegisterDemand, DemandRequestOf(*demand, update),
                  &response);
  });
  if (!registered.ok()) return registered;
  const bool updates = !registrations.empty() && registrations.front().second;
  Say(absl::StrCat(registrations.size(), " municipalities ",
                   updates ? "register their demand again (the latest counts)"
                           : "register their demand for 2020 (wanted ages, domains, a note)"));
  return absl::OkStatus();
}

absl::Status Story::WithdrawDemand(absl::CivilDay day) {
  for (const DemandPlan& demand : plan_.demand) {
    if (demand.withdrawn_on != day) continue;
    subsidy::v1::WithdrawDemandRequest request;
    request.set_request_id("demand-withdraw-" + demand.period_id + "-" + demand.nis_code);
    request.set_period_id(demand.period_id);
    request.set_municipality_nis_code(demand.nis_code);
    request.set_reason("Het gemeentebestuur organiseert het aanbod zelf.");
    subsidy::v1::WithdrawDemandResponse response;
    if (absl::Status withdrawn =
            Invoke(client_, MunicipalityActor(demand.nis_code), "WithdrawDemand",
                   demand.period_id + "/" + demand.nis_code, client_.subsidy(),
                   &SubsidyService::Stub::WithdrawDemand, request, &response);
        !withdrawn.ok()) {
      return withdrawn;
    }
    Say("municipality " + demand.nis_code + " withdraws its demand for " + demand.period_id);
  }
  return absl::OkStatus();
}

absl::Status Story::Allocate(const PeriodPlan& period) {
  subsidy::v1::AllocatePeriodRequest request;
  request.set_request_id("allocate-" + period.period_id);
  request.set_period_id(period.period_id);
  subsidy::v1::AllocatePeriodResponse allocated;
  if (absl::Status status =
          Invoke(client_, Officer(), "AllocatePeriod", period.period_id, client_.subsidy(),
                 &SubsidyService::Stub::AllocatePeriod, request, &allocated);
      !status.ok()) {
    return status;
  }
  Say("officer runs the allocation of period " + period.period_id +
      ", after its reporting deadline:");

  std::vector<int64_t> granted;
  std::string token;
  do {
    subsidy::v1::ListApplicationsRequest list;
    list.set_period_id(period.period_id);
    list.set_page_size(500);
    list.set_page_token(token);
    subsidy::v1::ListApplicationsResponse page;
    if (absl::Status status =
            Invoke(client_, Auditor(), "ListApplications", period.period_id, client_.subsidy(),
                   &SubsidyService::Stub::ListApplications, list, &page);
        !status.ok()) {
      return status;
    }
    for (const subsidy::v1::Application& application : page.applications()) {
      if (application.decided_amount_cents() > 0)
        granted.push_back(application.decided_amount_cents());
    }
    token = page.next_page_token();
  } while (!token.empty());

  subsidy::v1::GetCoverageRequest coverage_request;
  coverage_request.set_period_id(period.period_id);
  coverage_request.set_territories(subsidy::v1::TERRITORIES_2019);
  subsidy::v1::GetCoverageResponse coverage;
  if (absl::Status status =
          Invoke(client_, Auditor(), "GetCoverage", period.period_id, client_.reports(),
                 &ReportService::Stub::GetCoverage, coverage_request, &coverage);
      !status.ok()) {
    return status;
  }
  std::fprintf(options_.out, "%s%s",
               AllocationSummary(period, allocated.summary(), granted, coverage).c_str(),
               CoverageByProvince(coverage, municipalities_).c_str());
  std::fflush(options_.out);
  return absl::OkStatus();
}

}  // namespace stem::demo
