#include <map>

#include "contexts/subsidy/partnership_records.h"
#include "contexts/subsidy/payments_state.h"
#include "contexts/subsidy/period_state.h"
#include "libs/service/call.h"
#include "services/subsidy/report_service.h"

namespace stem::subsidy {
namespace {

absl::Status AddPeriods(const projection::StateReader& state, v1::GetBudgetsResponse& response) {
  return ScanPeriods(state, [&](const v1::Period& period) -> absl::StatusOr<projection::Visit> {
    v1::PeriodBudget* budget = response.add_periods();
    budget->set_period_id(period.terms().period_id());
    budget->set_title(period.terms().title());
    budget->set_budget_cents(period.terms().budget_cents());
    budget->set_allocated(period.has_allocation());
    budget->set_allocated_cents(period.allocation().allocated_cents());
    budget->set_paid_cents(period.allocation().allocated_cents());
    budget->set_unspent_cents(budget->budget_cents() - budget->allocated_cents());
    return projection::Visit::kContinue;
  });
}

absl::Status AddCalls(const projection::StateReader& state, v1::GetBudgetsResponse& response) {
  std::map<std::string, v1::CallBudget> calls;
  absl::Status scanned = ScanCalls(
      state, [&](const partnership::v1::CallOpened& call) -> absl::StatusOr<projection::Visit> {
        v1::CallBudget& budget = calls[call.call_id()];
        budget.set_call_id(call.call_id());
        budget.set_title(call.title());
        budget.set_budget_cents(call.budget_cents());
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  scanned = ScanApprovedPartnerships(
      state,
      [&](const partnership::v1::PartnershipApproved& approved)
          -> absl::StatusOr<projection::Visit> {
        v1::CallBudget& budget = calls[approved.call_id()];
        budget.set_call_id(approved.call_id());
        budget.set_partnerships_approved(budget.partnerships_approved() + 1);
        budget.set_approved_cents(budget.approved_cents() + approved.approved_cents());
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  scanned =
      ScanPayments(state, [&](const v1::Payments& payments) -> absl::StatusOr<projection::Visit> {
        v1::CallBudget& budget = calls[payments.call_id()];
        budget.set_call_id(payments.call_id());
        budget.set_paid_cents(budget.paid_cents() + payments.ordered_cents());
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  for (auto& [id, budget] : calls) {
    budget.set_outstanding_cents(budget.approved_cents() - budget.paid_cents());
    budget.set_unspent_cents(budget.budget_cents() - budget.approved_cents());
    *response.add_calls() = std::move(budget);
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status ReportServiceImpl::GetBudgets(grpc::ServerContext* context,
                                           const v1::GetBudgetsRequest* request,
                                           v1::GetBudgetsResponse* response) {
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request, {ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR}, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        if (absl::Status periods = AddPeriods(state, *response); !periods.ok()) {
          return periods;
        }
        return AddCalls(state, *response);
      });
}

}  // namespace stem::subsidy
