// The STEM-partnership chapters of the story: the 2019 call, applications with helix
// partners, the officer's decisions within the call's budget, interim and final reports
// (one rejected and approved late), the tranches the subsidy service orders, the budgets.
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/clock/clock.h"
#include "tools/demo/report_printer.h"
#include "tools/demo/story.h"
#include "tools/demo/story_dates.h"

namespace stem::demo {
namespace {

using partnership::v1::PartnershipService;

constexpr int kTranches = 3;
constexpr absl::Duration kTranchePatience = absl::Seconds(60);
constexpr size_t kActivitiesPerReport = 5;

std::string KindName(partnership::v1::ReportKind kind) {
  return kind == partnership::v1::REPORT_KIND_INTERIM ? "interim" : "final";
}

}  // namespace

absl::Status Story::OpenCall() {
  const CallPlan& call = plan_.call;
  partnership::v1::OpenCallRequest request;
  request.set_request_id("call-" + call.call_id);
  request.set_call_id(call.call_id);
  request.set_title(call.title);
  request.set_budget_cents(call.budget_cents);
  request.set_max_per_project_cents(call.max_per_project_cents);
  request.set_duration_months(call.duration_months);
  request.set_latest_start_months(call.latest_start_months);
  request.set_interim_due_months(call.interim_due_months);
  request.set_final_due_months_after_end(call.final_due_months_after_end);
  partnership::v1::OpenCallResponse response;
  if (absl::Status opened =
          Invoke(client_, Officer(), "OpenCall", call.call_id, client_.partnership(),
                 &PartnershipService::Stub::OpenCall, request, &response);
      !opened.ok()) {
    return opened;
  }
  Say(absl::StrCat("officer opens the call ", call.title, ": budget ", Euros(call.budget_cents),
                   ", at most ", Euros(call.max_per_project_cents), " per project, ",
                   call.duration_months, " months, start within ", call.latest_start_months,
                   " months of approval, tranches 50/30/20%"));
  return absl::OkStatus();
}

absl::Status Story::ApplyForPartnerships() {
  for (const PartnershipPlan& plan : plan_.partnerships) {
    partnership::v1::SubmitPartnershipApplicationRequest request;
    request.set_request_id("partnership-" + plan.key);
    request.set_call_id(plan_.call.call_id);
    request.set_lead_kbo(plan.lead_kbo);
    for (const partnership::v1::Partner& partner : plan.partners) *request.add_partners() = partner;
    for (const std::string& code : plan.region) request.add_region_nis_codes(code);
    request.set_requested_cents(plan.requested_cents);
    request.set_title(plan.title);
    request.set_description(plan.description);
    partnership::v1::SubmitPartnershipApplicationResponse response;
    if (absl::Status applied =
            Invoke(client_, AcademyActor(plan.lead_kbo), "SubmitPartnershipApplication", plan.key,
                   client_.partnership(), &PartnershipService::Stub::SubmitPartnershipApplication,
                   request, &response);
        !applied.ok()) {
      return applied;
    }
    partnership_ids_[plan.key] = response.partnership_id();
    Say(absl::StrCat("academy ", plan.lead_kbo, " applies for the partnership '", plan.title,
                     "': ", plan.partners.size(), " helix partners, ", plan.region.size(),
                     " municipalities, ", Euros(plan.requested_cents)));
  }
  return absl::OkStatus();
}

absl::Status Story::DecidePartnerships() {
  // Partners that are academies confirm first, each as itself (rulebook section 6).
  for (const PartnershipPlan& plan : plan_.partnerships) {
    for (const std::string& kbo : plan.academy_partners) {
      partnership::v1::ConfirmParticipationRequest request;
      request.set_request_id("confirm-" + plan.key + "-" + kbo);
      request.set_partnership_id(partnership_ids_.at(plan.key));
      request.set_partner_kbo(kbo);
      partnership::v1::ConfirmParticipationResponse response;
      if (absl::Status confirmed = Invoke(
              client_, AcademyActor(kbo), "ConfirmParticipation", plan.key, client_.partnership(),
              &PartnershipService::Stub::ConfirmParticipation, request, &response);
          !confirmed.ok()) {
        return confirmed;
      }
      Say("academy " + kbo + " confirms it takes part in '" + plan.title + "'");
    }
  }
  // Decisions are facts of the call: each names the call's version it decided on.
  for (const PartnershipPlan& plan : plan_.partnerships) {
    partnership::v1::GetCallRequest get;
    get.set_call_id(plan_.call.call_id);
    partnership::v1::GetCallResponse call;
    if (absl::Status got =
            Invoke(client_, Officer(), "GetCall", plan_.call.call_id, client_.partnership(),
                   &PartnershipService::Stub::GetCall, get, &call);
        !got.ok()) {
      return got;
    }
    const std::string& id = partnership_ids_.at(plan.key);
    if (!plan.approved_cents) {
      partnership::v1::RejectPartnershipRequest request;
      request.set_request_id("reject-" + plan.key);
      request.set_partnership_id(id);
      request.set_reason(plan.rejection_reason);
      request.set_expected_version(call.call().version());
      partnership::v1::RejectPartnershipResponse response;
      if (absl::Status rejected =
              Invoke(client_, Officer(), "RejectPartnership", plan.key, client_.partnership(),
                     &PartnershipService::Stub::RejectPartnership, request, &response);
          !rejected.ok()) {
        return rejected;
      }
      Say("officer rejects '" + plan.title + "': " + plan.rejection_reason);
      continue;
    }
    partnership::v1::ApprovePartnershipRequest request;
    request.set_request_id("approve-" + plan.key);
    request.set_partnership_id(id);
    request.set_approved_cents(*plan.approved_cents);
    request.set_project_start(clock::FormatDate(story::kProjectStart));
    request.set_reason("Sterk regionaal partnerschap met alle helixpartners.");
    request.set_expected_version(call.call().version());
    partnership::v1::ApprovePartnershipResponse response;
    if (absl::Status approved =
            Invoke(client_, Officer(), "ApprovePartnership", plan.key, client_.partnership(),
                   &PartnershipService::Stub::ApprovePartnership, request, &response);
        !approved.ok()) {
      return approved;
    }
    auto payments = AwaitTranches(plan, 1);
    if (!payments.ok()) return payments.status();
    Say(absl::StrCat("officer approves '", plan.title, "': ", Euros(*plan.approved_cents),
                     ", project ", response.project_start(), " - ", response.project_end(),
                     "; first tranche ", Euros(payments->tranches(0).amount_cents()),
                     " ordered (the lead's own sessions in the project count no child-minutes)"));
  }
  return absl::OkStatus();
}

absl::Status Story::SubmitReports(partnership::v1::ReportKind kind, bool resubmission) {
  for (const PartnershipPlan& plan : plan_.partnerships) {
    if (!plan.approved_cents || (resubmission && !plan.interim_rejected_first)) continue;
    const bool interim = kind == partnership::v1::REPORT_KIND_INTERIM;
    partnership::v1::SubmitReportRequest request;
    request.set_request_id(
        absl::StrCat("report-", KindName(kind), resubmission ? "-again-" : "-", plan.key));
    request.set_partnership_id(partnership_ids_.at(plan.key));
    request.set_kind(kind);
    for (const std::string& code : plan.trajectories) request.add_trajectory_nis_codes(code);
    std::vector<std::string> activities = ActivityIdsOf(plan.lead_kbo, clock::LocalDate(now_));
    if (activities.size() > kActivitiesPerReport) activities.resize(kActivitiesPerReport);
    for (const std::string& id : activities) request.add_activity_ids(id);
    request.set_children_reached(interim ? plan.children_interim : plan.children_final);
    request.set_narrative(interim ? "Eerste projectjaar: trajecten opgestart in " +
                                        std::to_string(plan.trajectories.size()) + " gemeenten."
                                  : "Project afgerond; de trajecten lopen verder in de regio.");
    partnership::v1::SubmitReportResponse response;
    if (absl::Status submitted = Invoke(
            client_, AcademyActor(plan.lead_kbo), "SubmitReport", plan.key + " " + KindName(kind),
            client_.partnership(), &PartnershipService::Stub::SubmitReport, request, &response);
        !submitted.ok()) {
      return submitted;
    }
    report_ids_[plan.key] = response.report_id();
    Say(absl::StrCat("'", plan.title, "' ", resubmission ? "resubmits" : "submits", " its ",
                     KindName(kind), " report: ", plan.trajectories.size(), " trajectories, ",
                     request.children_reached(), " children reached"));
  }
  return absl::OkStatus();
}

absl::Status Story::DecideReports(partnership::v1::ReportKind kind, bool resubmission) {
  for (const PartnershipPlan& plan : plan_.partnerships) {
    if (!plan.approved_cents || (resubmission && !plan.interim_rejected_first)) continue;
    const std::string& id = partnership_ids_.at(plan.key);
    const std::string& report = report_ids_.at(plan.key);
    const bool reject = kind == partnership::v1::REPORT_KIND_INTERIM && !resubmission &&
                        plan.interim_rejected_first;
    if (reject) {
      partnership::v1::RejectReportRequest request;
      request.set_request_id("reject-" + report + "-" + plan.key);
      request.set_partnership_id(id);
      request.set_report_id(report);
      request.set_reason(
          "Het aantal bereikte kinderen is niet gestaafd; voeg de cijfers per "
          "traject toe.");
      partnership::v1::RejectReportResponse response;
      if (absl::Status rejected = Invoke(
              client_, Officer(), "RejectReport", plan.key + " " + report, client_.partnership(),
              &PartnershipService::Stub::RejectReport, request, &response);
          !rejected.ok()) {
        return rejected;
      }
      Say("officer rejects the " + KindName(kind) + " report of '" + plan.title +
          "': " + request.reason());
      continue;
    }
    partnership::v1::ApproveReportRequest request;
    request.set_request_id("approve-" + report + "-" + plan.key);
    request.set_partnership_id(id);
    request.set_report_id(report);
    partnership::v1::ApproveReportResponse response;
    if (absl::Status approved = Invoke(
            client_, Officer(), "ApproveReport", plan.key + " " + report, client_.partnership(),
            &PartnershipService::Stub::ApproveReport, request, &response);
        !approved.ok()) {
      return approved;
    }
    const int tranche = kind == partnership::v1::REPORT_KIND_INTERIM ? 2 : 3;
    auto payments = AwaitTranches(plan, tranche);
    if (!payments.ok()) return payments.status();
    Say(absl::StrCat("officer approves the ", KindName(kind), " report of '", plan.title,
                     "': tranche ", tranche, " of ",
                     Euros(payments->tranches(tranche - 1).amount_cents()), " ordered"));
  }
  return absl::OkStatus();
}

absl::Status Story::ListOverdue() {
  partnership::v1::ListOverdueReportsRequest request;
  request.set_page_size(100);
  partnership::v1::ListOverdueReportsResponse response;
  if (absl::Status listed =
          Invoke(client_, Officer(), "ListOverdueReports", Today(), client_.partnership(),
                 &PartnershipService::Stub::ListOverdueReports, request, &response);
      !listed.ok()) {
    return listed;
  }
  Say(absl::StrCat("overdue reports today: ", response.reports_size()));
  for (const partnership::v1::OverdueReport& report : response.reports()) {
    std::string title = report.partnership_id();
    for (const auto& [key, id] : partnership_ids_) {
      if (id != report.partnership_id()) continue;
      for (const PartnershipPlan& plan : plan_.partnerships) {
        if (plan.key == key) title = "'" + plan.title + "'";
      }
    }
    Say(absl::StrCat(
        "  ", title, " (lead ", report.lead_kbo(), "): ", KindName(report.kind()), " report due ",
        report.due_date(), ", ", partnership::v1::ObligationStatus_Name(report.status()), ", ",
        report.days_overdue(), report.days_overdue() == 1 ? " day" : " days", " overdue"));
  }
  return absl::OkStatus();
}

absl::StatusOr<subsidy::v1::Payments> Story::AwaitTranches(const PartnershipPlan& plan, int count) {
  const absl::Time give_up = absl::Now() + kTranchePatience;
  while (true) {
    subsidy::v1::GetPaymentsRequest request;
    request.set_partnership_id(partnership_ids_.at(plan.key));
    subsidy::v1::GetPaymentsResponse response;
    absl::Status got = Invoke(client_, Auditor(), "GetPayments", plan.key, client_.subsidy(),
                              &subsidy::v1::SubsidyService::Stub::GetPayments, request, &response);
    // NOT_FOUND until the first tranche is there.
    if (got.ok() && response.payments().tranches_size() >= count) return response.payments();
    if (absl::Now() > give_up) {
      if (!got.ok() && got.code() != absl::StatusCode::kNotFound) return got;
      return absl::DeadlineExceededError(absl::StrCat(
          "GetPayments (", plan.key, "): ", got.ok() ? response.payments().tranches_size() : 0,
          " of ", count, " tranches ordered after ", absl::FormatDuration(kTranchePatience)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

absl::Status Story::PrintPaymentsAndBudgets() {
  for (const PartnershipPlan& plan : plan_.partnerships) {
    if (!plan.approved_cents) continue;
    auto payments = AwaitTranches(plan, kTranches);
    if (!payments.ok()) return payments.status();
    std::string text = absl::StrCat("payments of '", plan.title, "':");
    for (const subsidy::v1::PaymentOrdered& tranche : payments->tranches()) {
      absl::StrAppend(&text, " ", Euros(tranche.amount_cents()), " (", tranche.ordered_on(), ")");
    }
    Say(absl::StrCat(text, " = ", Euros(payments->ordered_cents())));
  }
  subsidy::v1::GetBudgetsRequest request;
  subsidy::v1::GetBudgetsResponse budgets;
  if (absl::Status got = Invoke(client_, Auditor(), "GetBudgets", "all", client_.reports(),
                                &subsidy::v1::ReportService::Stub::GetBudgets, request, &budgets);
      !got.ok()) {
    return got;
  }
  Say("budgets:");
  std::fprintf(options_.out, "%s", BudgetTable(budgets).c_str());
  std::fflush(options_.out);
  return absl::OkStatus();
}

}  // namespace stem::demo
