#include "contexts/partnership/partnership_view.h"

#include "contexts/partnership/call_state.h"
#include "contexts/partnership/project_period.h"
#include "contexts/partnership/report_rules.h"
#include "libs/clock/clock.h"
#include "libs/domain/tranches.h"

namespace stem::partnership {
namespace {

// The partnership's approved report of `kind`; nullptr while it has none.
const v1::Report* ApprovedReport(const v1::Partnership& partnership, v1::ReportKind kind) {
  const v1::Report* latest = LatestReport(partnership, kind);
  return latest != nullptr && latest->state() == v1::REPORT_STATE_APPROVED ? latest : nullptr;
}

}  // namespace

absl::StatusOr<v1::ReportObligation> ObligationOf(const v1::CallOpened& call,
                                                  const v1::PartnershipApproved& approval,
                                                  const v1::Partnership& partnership,
                                                  v1::ReportKind kind, absl::CivilDay day) {
  // Dates in state were validated before they were written; the store is read as input all
  // the same.
  const std::string what = "partnership " + partnership.partnership_id();
  auto start = clock::ParseStoredDate(approval.project_start(), what);
  if (!start.ok()) return start.status();
  auto end = clock::ParseStoredDate(approval.project_end(), what);
  if (!end.ok()) return end.status();
  const absl::CivilDay due = ReportDueDate(call, kind, *start, *end);
  v1::ReportObligation obligation;
  obligation.set_kind(kind);
  obligation.set_due_date(clock::FormatDate(due));
  obligation.set_status(v1::OBLIGATION_STATUS_NOT_SUBMITTED);
  // The latest submission made by `day`, in the state it had that day.
  for (const v1::Report& report : partnership.reports()) {
    if (report.submitted().kind() != kind) continue;
    auto submitted_on = clock::ParseStoredDate(report.submitted().submitted_on(), what);
    if (!submitted_on.ok()) return submitted_on.status();
    if (*submitted_on > day) continue;
    bool decided = false;
    if (report.state() != v1::REPORT_STATE_SUBMITTED) {
      auto decided_on = clock::ParseStoredDate(report.decided_on(), what);
      if (!decided_on.ok()) return decided_on.status();
      decided = *decided_on <= day;
    }
    obligation.clear_approved_on();
    if (!decided) {
      obligation.set_status(v1::OBLIGATION_STATUS_SUBMITTED);
    } else if (report.state() == v1::REPORT_STATE_APPROVED) {
      obligation.set_status(v1::OBLIGATION_STATUS_APPROVED);
      obligation.set_approved_on(report.decided_on());
    } else {
      obligation.set_status(v1::OBLIGATION_STATUS_REJECTED);
    }
  }
  obligation.set_overdue(day > due && obligation.status() != v1::OBLIGATION_STATUS_APPROVED);
  return obligation;
}

absl::StatusOr<std::vector<v1::Tranche>> TranchesOf(const v1::CallOpened& call,
                                                    const v1::PartnershipApproved& approval,
                                                    const v1::Partnership& partnership) {
  const std::vector<int32_t> schedule = ScheduleOf(call);
  auto amounts = domain::SplitIntoTranches(approval.approved_cents(), schedule);
  if (!amounts.ok()) return amounts.status();
  const v1::Report* interim = ApprovedReport(partnership, v1::REPORT_KIND_INTERIM);
  const v1::Report* closing = ApprovedReport(partnership, v1::REPORT_KIND_FINAL);
  const struct {
    v1::TrancheTrigger trigger;
    const std::string* released_on;
  } events[] = {
      {v1::TRANCHE_TRIGGER_PROJECT_APPROVED, &approval.decided_on()},
      {v1::TRANCHE_TRIGGER_INTERIM_REPORT_APPROVED,
       interim != nullptr ? &interim->decided_on() : nullptr},
      {v1::TRANCHE_TRIGGER_FINAL_REPORT_APPROVED,
       closing != nullptr ? &closing->decided_on() : nullptr},
  };
  std::vector<v1::Tranche> tranches;
  for (size_t i = 0; i < schedule.size(); ++i) {
    v1::Tranche& tranche = tranches.emplace_back();
    tranche.set_trigger(events[i].trigger);
    tranche.set_permille(schedule[i]);
    tranche.set_amount_cents((*amounts)[i]);
    tranche.set_released(events[i].released_on != nullptr);
    if (events[i].released_on != nullptr) tranche.set_released_on(*events[i].released_on);
  }
  return tranches;
}

absl::Status CompleteView(const projection::StateReader& state, absl::CivilDay day,
                          v1::Partnership& partnership) {
  const v1::PartnershipApplicationSubmitted& application = partnership.application();
  auto call = RequireCall(state, application.call_id());
  if (!call.ok()) return call.status();
  partnership.set_call_version(call->version());
  auto decision = LoadDecision(state, application.call_id(), partnership.partnership_id());
  if (!decision.ok()) return decision.status();
  if (!*decision) {
    partnership.set_status(v1::APPLICATION_STATUS_PENDING);
    return absl::OkStatus();
  }
  partnership.set_status((*decision)->status());
  *partnership.mutable_decision() = **decision;
  if ((*decision)->status() != v1::APPLICATION_STATUS_APPROVED) return absl::OkStatus();

  const v1::PartnershipApproved& approval = (*decision)->approval();
  for (v1::ReportKind kind : {v1::REPORT_KIND_INTERIM, v1::REPORT_KIND_FINAL}) {
    auto obligation = ObligationOf(call->opened(), approval, partnership, kind, day);
    if (!obligation.ok()) return obligation.status();
    *partnership.add_obligations() = *std::move(obligation);
  }
  auto tranches = TranchesOf(call->opened(), approval, partnership);
  if (!tranches.ok()) return tranches.status();
  for (v1::Tranche& tranche : *tranches) *partnership.add_tranches() = std::move(tranche);
  return absl::OkStatus();
}

v1::PartnershipSummary SummaryOf(const v1::Partnership& partnership) {
  const v1::PartnershipApplicationSubmitted& application = partnership.application();
  v1::PartnershipSummary summary;
  summary.set_partnership_id(partnership.partnership_id());
  summary.set_call_id(application.call_id());
  summary.set_lead_kbo(application.lead_kbo());
  summary.set_title(application.title());
  summary.set_requested_cents(application.requested_cents());
  summary.set_status(partnership.status());
  if (partnership.status() == v1::APPLICATION_STATUS_APPROVED) {
    const v1::PartnershipApproved& approval = partnership.decision().approval();
    summary.set_approved_cents(approval.approved_cents());
    summary.set_project_start(approval.project_start());
    summary.set_project_end(approval.project_end());
  }
  return summary;
}

}  // namespace stem::partnership
