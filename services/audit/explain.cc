#include "services/audit/explain.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "contexts/activity/partnerships.h"
#include "contexts/partnership/call_state.h"
#include "contexts/subsidy/allocation_facts.h"
#include "contexts/subsidy/audit_replay.h"
#include "contexts/subsidy/recompute_allocation.h"
#include "libs/common/error.h"
#include "services/audit/audited_facts.h"
#include "services/audit/chain_verifier.h"
#include "services/audit/fact_reference.h"
#include "services/audit/log_reading.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::audit {
namespace {

// The activity context names the aggregate of approvals to list them as inputs.
static_assert(std::string_view(activity::kPartnershipCallAggregate) == partnership::kCallAggregate);

using subsidy::v1::PeriodAllocated;
using subsidy::v1::SubsidyDecided;

std::string Euro(int64_t cents) {
  return absl::StrCat(cents / 100, ".", absl::StrFormat("%02d", cents % 100), " EUR");
}

std::vector<std::string> Computation(const SubsidyDecided& decided, const PeriodAllocated& period) {
  std::vector<std::string> lines;
  std::vector<std::string> parameters;
  for (const auto& [key, value] : decided.rule_parameters()) {
    parameters.push_back(absl::StrCat(key, "=", value));
  }
  std::sort(parameters.begin(), parameters.end());
  lines.push_back(absl::StrCat("rule ", decided.rule_id(), " version ", decided.rule_version(),
                               " (", absl::StrJoin(parameters, ", "), ")"));
  lines.push_back(absl::StrCat("period ", period.period_id(), ": budget ",
                               Euro(period.budget_cents()), ", ", period.applications(),
                               " applications, method ", period.method(), ", ", period.rounds(),
                               " capping rounds"));
  lines.push_back(absl::StrCat("child-minutes ", decided.child_minutes(), " in ",
                               decided.activities_size(), " activities, weight ",
                               decided.weight()));
  for (const auto& municipality : decided.municipalities()) {
    lines.push_back(absl::StrCat(
        "  municipality ", municipality.nis_code(), ": ", municipality.child_minutes(),
        " child-minutes in ", municipality.sessions_counted(), " sessions, demand ",
        municipality.demand() ? "yes" : "no",
        municipality.claim_cents() > 0 ? absl::StrCat(", claim ", Euro(municipality.claim_cents()))
                                       : ""));
  }
  if (decided.claim_cents() > 0) lines.push_back("claim " + Euro(decided.claim_cents()));
  lines.push_back(
      decided.has_cap_cents()
          ? absl::StrCat("cap ", Euro(decided.cap_cents()),
                         decided.has_requested_cents()
                             ? absl::StrCat(" (requested ", Euro(decided.requested_cents()), ")")
                             : "")
          : "no cap");
  const auto& trace = decided.trace();
  if (trace.minimum_part_cents() > 0) {
    lines.push_back("minimum grant part " + Euro(trace.minimum_part_cents()));
  }
  if (trace.capped_in_round() > 0) {
    lines.push_back(absl::StrCat("reached its cap in round ", trace.capped_in_round()));
  }
  if (!period.total_active_weight().empty()) {
    lines.push_back(
        absl::StrCat("share: floor(R x w / W) with R = ", Euro(period.remaining_after_caps_cents()),
                     ", w = ", decided.weight(), ", W = ", period.total_active_weight(), " -> ",
                     Euro(trace.floor_share_cents()), ", remainder ",
                     trace.remainder().empty() ? "0" : trace.remainder(),
                     trace.extra_cent() ? ", plus one leftover cent" : ""));
  }
  lines.push_back(absl::StrCat("outcome ", subsidy::v1::ShareOutcome_Name(trace.outcome()), ": ",
                               Euro(decided.amount_cents())));
  return lines;
}

}  // namespace

absl::StatusOr<v1::ExplainDecisionResponse> ExplainDecision(
    eventlog::EventLog& log, const service::Topics& topics,
    const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules,
    const v1::ExplainDecisionRequest& request, const std::string& scratch_dir,
    absl::Time deadline) {
  // Every context's facts: the explanation names the activity facts among its inputs.
  const std::vector<std::string> all = {topics.recognition, topics.activity, topics.partnership,
                                        topics.subsidy};
  auto verified = ReadAndVerify(log, all, {all.begin(), all.end()}, fact_rules, deadline);
  if (!verified.ok()) return verified.status();
  const std::vector<AuditedFact>& facts = verified->facts;

  v1::ExplainDecisionResponse response;
  bool found = false;
  std::string command;
  for (const AuditedFact& fact : facts) {
    SubsidyDecided decided;
    if (fact.event.payload().UnpackTo(&decided) && decided.period_id() == request.period_id() &&
        decided.academy_kbo() == request.academy_kbo()) {
      *response.mutable_recorded() = decided;
      command = fact.event.command_id();
      found = true;
    }
  }
  for (const AuditedFact& fact : facts) {
    PeriodAllocated allocated;
    if (found && fact.event.command_id() == command && fact.event.payload().UnpackTo(&allocated)) {
      *response.mutable_period_summary() = allocated;
    }
  }
  if (!found) {
    return MakeError(absl::StatusCode::kNotFound, "DECISION_NOT_FOUND",
                     absl::StrCat("no allocation decision for ", request.academy_kbo(),
                                  " in period ", request.period_id()));
  }
  const SubsidyDecided& decided = response.recorded();
  const eventlog::Positions positions = subsidy::FromLogPositions(decided.input_positions());

  for (std::string& line : Computation(decided, response.period_summary())) {
    response.add_computation(std::move(line));
  }

  // The allocation recomputed on a store replayed up to the decision's input positions;
  // the same code names the aggregates it read for the academy, whose facts are the inputs.
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(scratch_dir).parent_path(), error);
  auto store =
      subsidy::ReplayUpTo(scratch_dir, log, topics, positions, upcasters, fact_rules, deadline);
  if (!store.ok()) return store.status();
  auto recomputed = subsidy::RecomputeAllocationWithInputs(**store, request.period_id());
  store->reset();
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir, ignored);
  if (!recomputed.ok()) return recomputed.status();
  response.set_recomputed_amount_cents(-1);
  for (const allocation::Decision& decision : recomputed->allocation.decisions) {
    if (decision.kbo == request.academy_kbo()) {
      response.set_recomputed_amount_cents(decision.amount_cents);
    }
  }
  const activity::ConsultedAggregates& inputs = recomputed->consulted[request.academy_kbo()];
  for (const AuditedFact& fact : facts) {
    auto end = positions.find(fact.position.topic_partition);
    if (end == positions.end() || fact.position.offset >= end->second) continue;
    if (inputs.contains({fact.event.aggregate_type(), fact.event.aggregate_id()})) {
      *response.add_inputs() = ReferenceOf(fact.position, fact.event);
    }
  }
  response.set_reproduced(response.recomputed_amount_cents() == decided.amount_cents());
  response.add_computation(absl::StrCat(
      "recomputed from the ", response.inputs_size(), " input facts: ",
      response.reproduced() ? Euro(response.recomputed_amount_cents()) + ", as recorded"
                            : "a different amount; see ReplayAudit"));
  return response;
}

}  // namespace stem::audit
