#include "contexts/subsidy/allocation_facts.h"

#include <set>

#include "libs/clock/date.h"

namespace stem::subsidy {
namespace {

v1::ShareOutcome ToProto(allocation::Outcome outcome) {
  switch (outcome) {
    case allocation::Outcome::kZeroWeight:
      return v1::SHARE_OUTCOME_ZERO_WEIGHT;
    case allocation::Outcome::kCapBelowMinimum:
      return v1::SHARE_OUTCOME_CAP_BELOW_MINIMUM;
    case allocation::Outcome::kDroppedForMinimum:
      return v1::SHARE_OUTCOME_DROPPED_FOR_MINIMUM;
    case allocation::Outcome::kCapped:
      return v1::SHARE_OUTCOME_CAPPED;
    case allocation::Outcome::kProportional:
      return v1::SHARE_OUTCOME_PROPORTIONAL;
  }
  return v1::SHARE_OUTCOME_UNSPECIFIED;
}

const allocation::ApplicationInput* InputOf(const allocation::PeriodInput& input,
                                            const std::string& kbo) {
  for (const allocation::ApplicationInput& application : input.applications) {
    if (application.kbo == kbo) return &application;
  }
  return nullptr;
}

}  // namespace

std::vector<v1::SubsidyDecided> DecisionFacts(const RecomputedAllocation& recomputed,
                                              const eventlog::Positions& positions) {
  const v1::PeriodOpened& terms = recomputed.period.terms();
  const auto recorded_positions = ToLogPositions(positions);
  std::vector<v1::SubsidyDecided> facts;
  for (const allocation::Decision& decision : recomputed.allocation.decisions) {
    v1::SubsidyDecided fact;
    fact.set_period_id(terms.period_id());
    fact.set_academy_kbo(decision.kbo);
    fact.set_amount_cents(decision.amount_cents);
    fact.set_rule_id(recomputed.allocation.rule_id);
    fact.set_rule_version(recomputed.allocation.rule_version);
    *fact.mutable_rule_parameters() = terms.rule_parameters();
    const allocation::ApplicationInput* input = InputOf(recomputed.input, decision.kbo);
    if (input != nullptr && input->requested_cents) {
      fact.set_requested_cents(*input->requested_cents);
    }
    if (decision.cap_cents) fact.set_cap_cents(*decision.cap_cents);
    fact.set_weight(decision.weight);
    fact.set_child_minutes(decision.child_minutes);
    fact.set_claim_cents(decision.claim_cents);
    for (const allocation::CountedMunicipality& counted : decision.municipalities) {
      v1::MunicipalityCounted* municipality = fact.add_municipalities();
      municipality->set_nis_code(counted.nis_code);
      municipality->set_demand(counted.demand);
      municipality->set_child_minutes(counted.child_minutes);
      municipality->set_sessions_counted(counted.sessions_counted);
      municipality->set_trajectory(counted.trajectory);
      municipality->set_claim_cents(counted.claim_cents);
    }
    if (input != nullptr) {
      for (const allocation::ActivityInput& activity : input->activities) {
        v1::ActivityCounted* counted = fact.add_activities();
        counted->set_activity_id(activity.activity_id);
        counted->set_municipality_nis_code(activity.municipality_nis_code);
        counted->set_sessions_counted(activity.sessions_counted);
        counted->set_child_minutes(activity.child_minutes);
      }
    }
    v1::DivisionTrace* trace = fact.mutable_trace();
    trace->set_outcome(ToProto(decision.share.outcome));
    trace->set_capped_in_round(decision.share.capped_in_round);
    trace->set_floor_share_cents(decision.share.floor_share);
    trace->set_remainder(decision.share.remainder);
    trace->set_extra_cent(decision.share.extra_cent);
    trace->set_minimum_part_cents(decision.share.minimum_part);
    *fact.mutable_input_positions() = recorded_positions;
    auto version = recomputed.application_versions.find(decision.kbo);
    if (version != recomputed.application_versions.end()) {
      fact.set_application_version(version->second);
    }
    facts.push_back(std::move(fact));
  }
  return facts;
}

v1::PeriodAllocated SummaryFact(const RecomputedAllocation& recomputed,
                                const eventlog::Positions& positions, absl::CivilDay decided_on) {
  const allocation::Allocation& allocation = recomputed.allocation;
  v1::PeriodAllocated summary;
  summary.set_period_id(recomputed.period.terms().period_id());
  summary.set_rule_id(allocation.rule_id);
  summary.set_rule_version(allocation.rule_version);
  summary.set_budget_cents(recomputed.input.terms.budget_cents);
  summary.set_allocated_cents(allocation.allocated_cents);
  summary.set_unspent_cents(allocation.unspent_cents);
  summary.set_method(allocation.method);
  summary.set_remaining_after_caps_cents(allocation.division.remaining_after_caps);
  summary.set_total_active_weight(allocation.division.total_active_weight);
  summary.set_rounds(allocation.division.rounds);
  std::set<std::string> reached;
  for (const allocation::Decision& decision : allocation.decisions) {
    summary.set_applications(summary.applications() + 1);
    if (decision.amount_cents > 0) {
      summary.set_applications_granted(summary.applications_granted() + 1);
    } else {
      summary.set_applications_without_grant(summary.applications_without_grant() + 1);
    }
    for (const allocation::CountedMunicipality& municipality : decision.municipalities) {
      if (municipality.child_minutes > 0) reached.insert(municipality.nis_code);
    }
  }
  summary.set_municipalities_reached(static_cast<int32_t>(reached.size()));
  for (const std::string& nis : recomputed.input.municipalities_with_demand) {
    summary.add_municipalities_with_demand(nis);
  }
  *summary.mutable_input_positions() = ToLogPositions(positions);
  summary.set_decided_on(clock::FormatDate(decided_on));
  return summary;
}

}  // namespace stem::subsidy
