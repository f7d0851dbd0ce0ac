#include "contexts/subsidy/recompute_allocation.h"

#include "absl/strings/str_cat.h"
#include "contexts/subsidy/application_state.h"
#include "contexts/subsidy/demand_state.h"
#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/session_counts.h"
#include "libs/common/error.h"

namespace stem::subsidy {
namespace {

allocation::PeriodTerms TermsOf(const v1::PeriodOpened& opened) {
  allocation::PeriodTerms terms;
  terms.budget_cents = opened.budget_cents();
  terms.minimum_grant_cents = opened.minimum_grant_cents();
  if (opened.academy_cap_cents() > 0) terms.academy_cap_cents = opened.academy_cap_cents();
  terms.parameters = {opened.rule_parameters().begin(), opened.rule_parameters().end()};
  return terms;
}

}  // namespace

absl::StatusOr<RecomputedAllocation> RecomputeAllocationWithInputs(
    const projection::StateReader& state, const std::string& period_id) {
  RecomputedAllocation result;
  auto period = RequirePeriod(state, period_id);
  if (!period.ok()) return period.status();
  result.period = std::move(*period);
  const v1::PeriodOpened& terms = result.period.terms();
  auto rule = allocation::FindRule(terms.rule_id());
  if (!rule.ok()) return rule.status();
  // Periods written before rule versions were recorded carry 0: the only version then.
  if (terms.rule_version() != 0 && terms.rule_version() != (*rule)->version()) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "RULE_VERSION_CHANGED",
        absl::StrCat("period ", period_id, " was opened with ", terms.rule_id(), " version ",
                     terms.rule_version(), "; this build has version ", (*rule)->version()));
  }
  auto times = TimesOf(terms);
  if (!times.ok()) return times.status();

  result.input.terms = TermsOf(terms);
  auto demand = StandingDemand(state, period_id);
  if (!demand.ok()) return demand.status();
  result.input.municipalities_with_demand = std::move(*demand);

  absl::Status scanned = ScanApplications(
      state, period_id, "",
      [&](const v1::Application& application) -> absl::StatusOr<projection::Visit> {
        if (application.state() != v1::APPLICATION_STATE_SUBMITTED)
          return projection::Visit::kContinue;
        allocation::ApplicationInput input;
        input.kbo = application.academy_kbo();
        if (application.has_requested_cents())
          input.requested_cents = application.requested_cents();
        activity::ConsultedAggregates& consulted = result.consulted[input.kbo];
        consulted.insert({kPeriodAggregate, period_id});
        consulted.insert({kApplicationAggregate, ApplicationId(period_id, input.kbo)});
        auto activities = ActivityInputs(state, application.academy_kbo(), times->first_day,
                                         times->last_day, &consulted);
        if (!activities.ok()) {
          return activities.status();
        }
        for (const allocation::ActivityInput& activity : *activities) {
          consulted.insert({kDemandAggregate, DemandId(period_id, activity.municipality_nis_code)});
        }
        input.activities = std::move(*activities);
        result.application_versions[input.kbo] = application.version();
        result.input.applications.push_back(std::move(input));
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;

  auto allocated = (*rule)->Allocate(result.input);
  if (!allocated.ok()) return allocated.status();
  result.allocation = std::move(*allocated);
  return result;
}

absl::StatusOr<allocation::Allocation> RecomputeAllocation(const projection::StateReader& state,
                                                           const std::string& period_id) {
  auto recomputed = RecomputeAllocationWithInputs(state, period_id);
  if (!recomputed.ok()) return recomputed.status();
  return std::move(recomputed->allocation);
}

}  // namespace stem::subsidy
