#include "contexts/partnership/decision_rules.h"

#include "absl/strings/str_cat.h"
#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/project_period.h"
#include "contexts/recognition/recognition_history.h"
#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "libs/domain/recognition_rules.h"

namespace stem::partnership {

absl::Status RequireUndecided(const projection::StateReader& state, const std::string& call_id,
                              const std::string& partnership_id) {
  auto decision = LoadDecision(state, call_id, partnership_id);
  if (!decision.ok()) return decision.status();
  if (!*decision) return absl::OkStatus();
  return MakeError(
      absl::StatusCode::kFailedPrecondition, "ALREADY_DECIDED",
      "application " + partnership_id + " was already " +
          ((*decision)->status() == v1::APPLICATION_STATUS_APPROVED ? "approved" : "rejected"));
}

absl::StatusOr<ApprovalInputs> GatherApprovalInputs(
    const projection::StateReader& state, const v1::Call& call,
    const v1::PartnershipApplicationSubmitted& application, absl::CivilDay today) {
  ApprovalInputs inputs;
  inputs.call = call.opened();
  inputs.call_approved_cents = call.approved_cents();
  inputs.application = application;
  auto lead = recognition::LoadRecognitionHistory(state, application.lead_kbo());
  if (!lead.ok()) return lead.status();
  inputs.lead_history = *std::move(lead);
  auto partnership = RequirePartnership(state, application.partnership_id());
  if (!partnership.ok()) return partnership.status();
  for (const v1::PartnerAnswer& answer : partnership->partner_answers()) {
    inputs.answers[answer.partner_kbo()] = answer.confirmed();
  }
  for (const v1::Partner& partner : application.partners()) {
    auto history = recognition::LoadRecognitionHistory(state, partner.kbo());
    if (!history.ok()) return history.status();
    if (domain::RecognisedOnOrBefore(*history, today)) {
      inputs.academy_partners.insert(partner.kbo());
    }
  }
  return inputs;
}

absl::StatusOr<v1::PartnershipApproved> DecideApproval(const ApprovalInputs& inputs,
                                                       int64_t approved_cents,
                                                       absl::CivilDay project_start,
                                                       absl::CivilDay today) {
  const v1::CallOpened& opened = inputs.call;
  const v1::PartnershipApplicationSubmitted& application = inputs.application;
  if (approved_cents > application.requested_cents()) {
    return MakeError(absl::StatusCode::kInvalidArgument, "AMOUNT_ABOVE_REQUESTED",
                     absl::StrCat("the application requested ", application.requested_cents(),
                                  " cents; an approval grants at most that, not ", approved_cents));
  }
  const absl::CivilDay latest = LatestStart(opened, today);
  if (project_start < today || project_start > latest) {
    return MakeError(absl::StatusCode::kInvalidArgument, "START_OUT_OF_WINDOW",
                     absl::StrCat("the project starts between the approval date ",
                                  clock::FormatDate(today), " and ", clock::FormatDate(latest),
                                  ", not on ", clock::FormatDate(project_start)));
  }
  const domain::RecognitionOnDay recognised = domain::RecognitionOn(inputs.lead_history, today);
  if (!recognised.recognised()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "NOT_RECOGNISED",
                     "the lead " + application.lead_kbo() + " is not a recognised academy on " +
                         clock::FormatDate(today) + " (" + domain::ToString(recognised.because) +
                         ")");
  }
  if (absl::Status confirmed =
          RequirePartnersConfirmed(application.partners(), inputs.answers, inputs.academy_partners);
      !confirmed.ok()) {
    return confirmed;
  }
  // Both are at most the budget (an int64), so the sum cannot overflow.
  if (inputs.call_approved_cents + approved_cents > opened.budget_cents()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "BUDGET_EXCEEDED",
                     absl::StrCat("call ", opened.call_id(), " has ",
                                  opened.budget_cents() - inputs.call_approved_cents,
                                  " cents left of its budget, not ", approved_cents));
  }
  v1::PartnershipApproved approved;
  approved.set_call_id(opened.call_id());
  approved.set_partnership_id(application.partnership_id());
  approved.set_lead_kbo(application.lead_kbo());
  *approved.mutable_partners() = application.partners();
  approved.set_approved_cents(approved_cents);
  approved.set_requested_cents(application.requested_cents());
  approved.set_project_start(clock::FormatDate(project_start));
  approved.set_project_end(clock::FormatDate(PeriodEnd(project_start, opened.duration_months())));
  approved.set_decided_on(clock::FormatDate(today));
  return approved;
}

}  // namespace stem::partnership
