#include "services/audit/tranche_audit.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "contexts/subsidy/tranche_processor.h"
#include "libs/domain/tranches.h"
#include "services/audit/fact_reference.h"
#include "stem/partnership/v1/events.pb.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::audit {
namespace {

// Why the order does not follow from the facts before it; empty when it does.
std::string Verify(const subsidy::v1::PaymentOrdered& order,
                   const std::map<std::string, const AuditedFact*>& approvals,
                   const std::map<std::string, int64_t>& approved_cents,
                   const std::map<std::string, int64_t>& ordered_total) {
  auto approval = approvals.find(order.approval_event_id());
  if (approval == approvals.end()) {
    return absl::StrCat("no approval fact ", order.approval_event_id(), " precedes it");
  }
  const auto command = subsidy::TrancheCommandFor(approval->second->event);
  if (!command || command->partnership_id() != order.partnership_id() ||
      command->trigger() != order.trigger() || command->report_id() != order.report_id()) {
    return absl::StrCat("approval ", order.approval_event_id(), " does not release this tranche");
  }
  auto approved = approved_cents.find(order.partnership_id());
  if (approved == approved_cents.end() || approved->second != order.approved_cents()) {
    return absl::StrCat("approved amount ", order.approved_cents(),
                        " is not the partnership's approval (",
                        approved == approved_cents.end() ? -1 : approved->second, ")");
  }
  const std::vector<int32_t> schedule(order.schedule_permille().begin(),
                                      order.schedule_permille().end());
  auto tranches = domain::SplitIntoTranches(order.approved_cents(), schedule);
  if (!tranches.ok()) return std::string(tranches.status().message());
  const int32_t number = order.tranche_number();
  if (number < 1 || number > static_cast<int32_t>(tranches->size())) {
    return absl::StrCat("tranche ", number, " is not in a schedule of ", tranches->size());
  }
  if ((*tranches)[number - 1] != order.amount_cents()) {
    return absl::StrCat("amount ", order.amount_cents(), " but the schedule gives ",
                        (*tranches)[number - 1]);
  }
  auto total = ordered_total.find(order.partnership_id());
  const int64_t before = total == ordered_total.end() ? 0 : total->second;
  if (before + order.amount_cents() != order.ordered_total_cents()) {
    return absl::StrCat("ordered total ", order.ordered_total_cents(), " but the orders add up to ",
                        before + order.amount_cents());
  }
  if (order.ordered_total_cents() > order.approved_cents()) {
    return absl::StrCat("ordered total ", order.ordered_total_cents(), " exceeds the approval");
  }
  return "";
}

}  // namespace

TrancheAuditResult AuditTranches(const std::vector<AuditedFact>& facts) {
  TrancheAuditResult result;
  // Approval facts are on another topic than the orders; the tranche processor orders only
  // after it read the approval, but a partition-by-partition reading need not put the
  // approval first. Collect them all first.
  std::map<std::string, const AuditedFact*> approvals;
  std::map<std::string, int64_t> approved_cents;
  for (const AuditedFact& fact : facts) {
    partnership::v1::PartnershipApproved approved;
    if (fact.event.payload().UnpackTo(&approved)) {
      approved_cents[approved.partnership_id()] = approved.approved_cents();
    }
    if (subsidy::TrancheCommandFor(fact.event)) approvals[fact.event.event_id()] = &fact;
  }
  std::map<std::string, int64_t> ordered_total;
  std::map<std::string, v1::FactReference> paid;  // approval event id -> its order
  for (const AuditedFact& fact : facts) {
    subsidy::v1::PaymentOrdered order;
    if (!fact.event.payload().UnpackTo(&order)) continue;
    const v1::FactReference reference = ReferenceOf(fact.position, fact.event);
    v1::DecisionCheck& check = result.checks.emplace_back();
    check.set_decision(
        absl::StrCat("TRANCHE ", order.partnership_id(), " ", order.tranche_number()));
    std::string problem = Verify(order, approvals, approved_cents, ordered_total);
    auto earlier = paid.find(order.approval_event_id());
    if (problem.empty() && earlier != paid.end()) {
      problem = absl::StrCat("approval ", order.approval_event_id(), " was paid already by ",
                             Describe(earlier->second));
    }
    ordered_total[order.partnership_id()] += order.amount_cents();
    paid.emplace(order.approval_event_id(), reference);
    check.set_reproduced(problem.empty());
    check.set_detail(problem.empty() ? absl::StrCat(order.amount_cents(), " cents") : problem);
    if (problem.empty()) continue;
    v1::Divergence& divergence = result.divergences.emplace_back();
    divergence.set_kind(v1::DIVERGENCE_KIND_TRANCHE_DIFFERS);
    *divergence.add_facts() = reference;
    divergence.set_description(absl::StrCat(Describe(reference), ": ", problem));
  }
  return result;
}

}  // namespace stem::audit
