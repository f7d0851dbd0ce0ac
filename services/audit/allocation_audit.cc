#include "services/audit/allocation_audit.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "contexts/subsidy/allocation_facts.h"
#include "contexts/subsidy/audit_replay.h"
#include "contexts/subsidy/recompute_allocation.h"
#include "google/protobuf/util/message_differencer.h"
#include "libs/clock/date.h"
#include "services/audit/fact_reference.h"
#include "services/audit/log_reading.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::audit {
namespace {

using google::protobuf::util::MessageDifferencer;

struct RecordedAllocation {
  const AuditedFact* summary_fact = nullptr;
  subsidy::v1::PeriodAllocated summary;
  std::vector<std::pair<const AuditedFact*, subsidy::v1::SubsidyDecided>> decisions;
};

// The facts of each allocation: the decisions and the summary one command appended.
std::vector<RecordedAllocation> RecordedAllocations(const std::vector<AuditedFact>& facts) {
  std::map<std::string, RecordedAllocation> by_command;
  std::vector<std::string> order;
  for (const AuditedFact& fact : facts) {
    subsidy::v1::SubsidyDecided decided;
    subsidy::v1::PeriodAllocated allocated;
    const std::string& command = fact.event.command_id();
    if (fact.event.payload().UnpackTo(&decided)) {
      by_command[command].decisions.emplace_back(&fact, std::move(decided));
    } else if (fact.event.payload().UnpackTo(&allocated)) {
      RecordedAllocation& allocation = by_command[command];
      allocation.summary_fact = &fact;
      allocation.summary = std::move(allocated);
      order.push_back(command);
    }
  }
  std::vector<RecordedAllocation> allocations;
  for (const std::string& command : order) allocations.push_back(std::move(by_command[command]));
  return allocations;
}

std::string Difference(const google::protobuf::Message& recomputed,
                       const google::protobuf::Message& recorded) {
  std::string report;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(recomputed, recorded)) return "";
  return report.empty() ? "differs" : report;
}

// Why the recomputation is not the record; empty when it is.
absl::StatusOr<std::pair<std::string, const AuditedFact*>> Recompute(
    const AllocationAuditContext& context, const RecordedAllocation& recorded, int index) {
  const eventlog::Positions positions =
      subsidy::FromLogPositions(recorded.summary.input_positions());
  if (std::string beyond = BeyondTheLog(positions, context.log_ends); !beyond.empty()) {
    return std::make_pair(absl::StrCat("its inputs were ", beyond), recorded.summary_fact);
  }
  auto store = subsidy::ReplayUpTo(absl::StrCat(context.scratch_dir, "/allocation-", index),
                                   context.log, context.topics, positions, context.upcasters,
                                   context.fact_rules, context.deadline);
  if (!store.ok()) return store.status();
  auto recomputed = subsidy::RecomputeAllocationWithInputs(**store, recorded.summary.period_id());
  if (!recomputed.ok()) {
    return std::make_pair(absl::StrCat("cannot be recomputed: ", recomputed.status().message()),
                          recorded.summary_fact);
  }
  const std::vector<subsidy::v1::SubsidyDecided> decisions =
      subsidy::DecisionFacts(*recomputed, positions);
  if (decisions.size() != recorded.decisions.size()) {
    return std::make_pair(absl::StrCat(recorded.decisions.size(), " decisions recorded, ",
                                       decisions.size(), " recomputed"),
                          recorded.summary_fact);
  }
  for (size_t i = 0; i < decisions.size(); ++i) {
    std::string difference = Difference(decisions[i], recorded.decisions[i].second);
    if (!difference.empty()) {
      return std::make_pair(
          absl::StrCat("decision for ", recorded.decisions[i].second.academy_kbo(), ": ",
                       difference),
          recorded.decisions[i].first);
    }
  }
  auto decided_on = clock::ParseDate(recorded.summary.decided_on());
  if (!decided_on.ok()) {
    return std::make_pair(std::string("the summary's decision date is unreadable"),
                          recorded.summary_fact);
  }
  std::string difference =
      Difference(subsidy::SummaryFact(*recomputed, positions, *decided_on), recorded.summary);
  if (!difference.empty()) {
    return std::make_pair(absl::StrCat("summary: ", difference), recorded.summary_fact);
  }
  return std::make_pair(std::string(), recorded.summary_fact);
}

}  // namespace

absl::StatusOr<AllocationAuditResult> AuditAllocations(const AllocationAuditContext& context,
                                                       const std::vector<AuditedFact>& facts) {
  AllocationAuditResult result;
  const std::vector<RecordedAllocation> allocations = RecordedAllocations(facts);
  for (size_t i = 0; i < allocations.size(); ++i) {
    const RecordedAllocation& recorded = allocations[i];
    auto outcome = Recompute(context, recorded, static_cast<int>(i));
    if (!outcome.ok()) return outcome.status();
    const auto& [problem, fact] = *outcome;
    v1::DecisionCheck& check = result.checks.emplace_back();
    check.set_decision(absl::StrCat("ALLOCATION ", recorded.summary.period_id()));
    check.set_reproduced(problem.empty());
    check.set_detail(problem.empty()
                         ? absl::StrCat(recorded.decisions.size(), " decisions, ",
                                        recorded.summary.allocated_cents(), " cents allocated")
                         : problem);
    if (!problem.empty()) {
      v1::Divergence& divergence = result.divergences.emplace_back();
      divergence.set_kind(v1::DIVERGENCE_KIND_DECISION_DIFFERS);
      *divergence.add_facts() = ReferenceOf(fact->position, fact->event);
      divergence.set_description(absl::StrCat("the allocation of period ",
                                              recorded.summary.period_id(), " (",
                                              Describe(divergence.facts(0)), "): ", problem));
    }
    if (context.progress) context.progress(static_cast<int64_t>(i) + 1, allocations.size());
  }
  return result;
}

}  // namespace stem::audit
