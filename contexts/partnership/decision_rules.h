// The rules of an officer's decision on an application (rulebook section 6): checked by
// the deciders of ApprovePartnership and RejectPartnership on the caught-up projection, and
// re-judged by the audit with the same decider.
#ifndef STEM_CONTEXTS_PARTNERSHIP_DECISION_RULES_H_
#define STEM_CONTEXTS_PARTNERSHIP_DECISION_RULES_H_

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contexts/partnership/partner_confirmation.h"
#include "libs/domain/recognition_rules.h"
#include "libs/projection/projection_store.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

// FAILED_PRECONDITION (ALREADY_DECIDED) when the call has decided on the application.
absl::Status RequireUndecided(const projection::StateReader& state, const std::string& call_id,
                              const std::string& partnership_id);

// What an approval is decided on: gathered from the caught-up projection by the handler
// (GatherApprovalInputs), and from the facts recorded by the approval's instant by the
// audit (services/audit/officer_decision_audit.cc), which then calls the same decider.
struct ApprovalInputs {
  v1::CallOpened call;
  // What the call approved before this decision.
  int64_t call_approved_cents = 0;
  v1::PartnershipApplicationSubmitted application;
  domain::RecognitionHistory lead_history;
  // Each partner's latest answer, and the partners that are academies (recognised on the
  // decision day or before it).
  PartnerAnswers answers;
  std::set<std::string> academy_partners;
};

// The inputs of a decision by `call` on `application` on `today`, from the projection.
absl::StatusOr<ApprovalInputs> GatherApprovalInputs(
    const projection::StateReader& state, const v1::Call& call,
    const v1::PartnershipApplicationSubmitted& application, absl::CivilDay today);

// The approval of `approved_cents` from `project_start`, decided on `today`, or why not,
// checked in this order:
//   AMOUNT_ABOVE_REQUESTED (INVALID_ARGUMENT)  more than the application requested;
//   START_OUT_OF_WINDOW (INVALID_ARGUMENT)     the start is before today or after today +
//                                              the call's latest start months;
//   NOT_RECOGNISED (FAILED_PRECONDITION)       the lead is not a recognised academy today;
//   PARTNER_NOT_CONFIRMED (FAILED_PRECONDITION) a partner that is an academy has not
//                                              confirmed, or declined (partner_confirmation.h);
//   BUDGET_EXCEEDED (FAILED_PRECONDITION)      the call's approvals would exceed its budget.
// The project ends the day before its start + the call's duration (project_period.h).
absl::StatusOr<v1::PartnershipApproved> DecideApproval(const ApprovalInputs& inputs,
                                                       int64_t approved_cents,
                                                       absl::CivilDay project_start,
                                                       absl::CivilDay today);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_DECISION_RULES_H_
