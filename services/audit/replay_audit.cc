#include "services/audit/replay_audit.h"

#include <filesystem>
#include <map>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/projection/quarantine.h"
#include "libs/projection/rebuild.h"
#include "libs/service/command_guard.h"
#include "services/audit/allocation_audit.h"
#include "services/audit/audited_facts.h"
#include "services/audit/chain_verifier.h"
#include "services/audit/fact_reference.h"
#include "services/audit/officer_decision_audit.h"
#include "services/audit/suite_projectors.h"
#include "services/audit/tranche_audit.h"

namespace stem::audit {
namespace {

void Report(const ReplayAuditContext& context, const char* stage, int64_t done, int64_t total) {
  if (!context.progress) return;
  v1::AuditProgress progress;
  progress.set_stage(stage);
  progress.set_done(done);
  progress.set_total(total);
  context.progress(progress);
}

// A fact set aside, and the projections that set it aside.
struct SetAside {
  projection::v1::QuarantinedFact fact;
  std::vector<std::string> by;
};
using SetAsideFacts = std::map<std::tuple<std::string, int32_t, int64_t>, SetAside>;

absl::Status CollectSetAside(const projection::ProjectionStore& rebuilt, const std::string& name,
                             SetAsideFacts& set_aside, v1::ProjectionCheck& check) {
  return rebuilt.ScanQuarantined(std::nullopt, [&](const projection::v1::QuarantinedFact& fact) {
    check.set_facts_set_aside(check.facts_set_aside() + 1);
    SetAside& entry =
        set_aside[{fact.position().topic(), fact.position().partition(), fact.position().offset()}];
    if (entry.by.empty()) entry.fact = fact;
    entry.by.push_back(name);
    return true;
  });
}

void ReportSetAside(const SetAsideFacts& set_aside, v1::AuditReport& report) {
  for (const auto& [position, entry] : set_aside) {
    // The chain verifier named it already, as forged.
    if (entry.fact.reason() == projection::v1::QUARANTINE_REASON_FACT_FORGED) continue;
    v1::Divergence& divergence = *report.add_divergences();
    divergence.set_kind(v1::DIVERGENCE_KIND_FACT_SET_ASIDE);
    v1::FactReference& fact = *divergence.add_facts();
    fact.set_topic(entry.fact.position().topic());
    fact.set_partition(entry.fact.position().partition());
    fact.set_offset(entry.fact.position().offset());
    fact.set_event_id(entry.fact.event_id());
    fact.set_event_type(entry.fact.event_type());
    fact.set_aggregate_type(entry.fact.aggregate_type());
    fact.set_aggregate_id(entry.fact.aggregate_id());
    fact.set_aggregate_version(entry.fact.aggregate_version());
    divergence.set_description(absl::StrCat("set aside by the ", absl::StrJoin(entry.by, ", "),
                                            " projection", entry.by.size() > 1 ? "s" : "", ": ",
                                            projection::Describe(entry.fact)));
  }
}

absl::Status CheckProjections(const ReplayAuditContext& context,
                              const std::vector<LiveProjection>& live,
                              const eventlog::Positions& log_ends, v1::AuditReport& report) {
  int64_t done = 0;
  SetAsideFacts set_aside;
  for (const LiveProjection& projection : live) {
    if (!projection.stopped.empty()) {
      v1::Divergence& divergence = *report.add_divergences();
      divergence.set_kind(v1::DIVERGENCE_KIND_PROJECTION_STOPPED);
      divergence.set_description(absl::StrCat("the live ", projection.name,
                                              " projection has stopped: ", projection.stopped));
    }
    std::unique_ptr<ServiceProjector> projector =
        ProjectorFor(projection.name, context.topics, context.fact_rules);
    if (!projector) continue;
    if (std::string beyond = BeyondTheLog(projection.positions, log_ends); !beyond.empty()) {
      v1::ProjectionCheck& check = *report.add_projections();
      check.set_name(projection.name);
      check.set_live_checksum(projection.checksum);
      v1::Divergence& divergence = *report.add_divergences();
      divergence.set_kind(v1::DIVERGENCE_KIND_PROJECTION_DIFFERS);
      divergence.set_description(
          absl::StrCat("the live ", projection.name, " projection cannot be rebuilt: it ", beyond));
      continue;
    }
    projection::RebuildOptions options;
    options.upcasters = &context.upcasters;
    options.stop_at = projection.positions;
    auto rebuilt =
        projection::RebuildInto(absl::StrCat(context.scratch_dir, "/projection-", projection.name),
                                context.log, projector->projector(), options, context.deadline);
    if (!rebuilt.ok()) return rebuilt.status();
    auto digest = (*rebuilt)->TakeDigest();
    if (!digest.ok()) return digest.status();
    v1::ProjectionCheck& check = *report.add_projections();
    check.set_name(projection.name);
    check.set_live_checksum(projection.checksum);
    check.set_rebuilt_checksum(digest->checksum);
    check.set_equal(digest->checksum == projection.checksum &&
                    digest->positions == projection.positions);
    for (const auto& [partition, offset] : digest->positions) {
      check.set_facts_applied(check.facts_applied() + offset);
    }
    if (absl::Status collected = CollectSetAside(**rebuilt, projection.name, set_aside, check);
        !collected.ok()) {
      return collected;
    }
    if (!check.equal()) {
      v1::Divergence& divergence = *report.add_divergences();
      divergence.set_kind(v1::DIVERGENCE_KIND_PROJECTION_DIFFERS);
      divergence.set_description(
          absl::StrCat("the ", projection.name, " projection rebuilt from the log (checksum ",
                       digest->checksum.substr(0, 16), "...) differs from the live one (",
                       projection.checksum.substr(0, 16), "...) at the same positions"));
    }
    Report(context, "projections", ++done, static_cast<int64_t>(live.size()));
  }
  ReportSetAside(set_aside, report);
  return absl::OkStatus();
}

// Each chain's last fact against the live store of the service that owns it: an aggregate's
// last fact has no successor whose link would show that it was altered or removed.
absl::Status CheckChainTips(const ReplayAuditContext& context,
                            const std::vector<LiveProjection>& live, const ChainVerifier& chains,
                            v1::AuditReport& report) {
  std::map<std::string, std::unique_ptr<projection::StoreSnapshot>> snapshots;
  for (const LiveProjection& projection : live) {
    if (projection.store == nullptr) continue;
    auto snapshot = projection.store->TakeSnapshot();
    if (!snapshot.ok()) return snapshot.status();
    snapshots[projection.name] = std::move(*snapshot);
  }
  return chains.ForEachTip([&](const AggregateKey& key, const ChainTip& tip) -> absl::Status {
    auto snapshot = snapshots.find(OwnerOf(tip.partition.topic, context.topics));
    if (snapshot == snapshots.end()) return absl::OkStatus();
    auto applied = snapshot->second->positions().find(tip.partition);
    if (applied == snapshot->second->positions().end() || applied->second <= tip.offset) {
      return absl::OkStatus();  // the live store has not read it yet
    }
    auto record = service::LoadAggregateRecord(*snapshot->second, key.first, key.second);
    if (!record.ok()) return record.status();
    if (record->version() == tip.version && record->last_hash() == tip.hash) {
      return absl::OkStatus();
    }
    v1::Divergence& divergence = *report.add_divergences();
    divergence.set_kind(v1::DIVERGENCE_KIND_AGGREGATE_DIFFERS);
    *divergence.add_facts() = tip.fact;
    divergence.set_description(
        absl::StrCat(key.first, "/", key.second, ": the log ends its chain with ",
                     Describe(tip.fact), ", but the live store applied version ", record->version(),
                     " with hash ", absl::BytesToHexString(record->last_hash()).substr(0, 16),
                     "...: that fact was altered, inserted or removed after it was applied"));
    return absl::OkStatus();
  });
}

}  // namespace

absl::StatusOr<v1::AuditReport> RunReplayAudit(const ReplayAuditContext& context,
                                               const std::vector<LiveProjection>& live) {
  const service::Topics& topics = context.topics;
  std::error_code error;
  std::filesystem::create_directories(context.scratch_dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", context.scratch_dir, ": ", error.message()));
  }
  auto verified = ReadAndVerify(
      context.log, {topics.recognition, topics.activity, topics.partnership, topics.subsidy},
      {topics.recognition, topics.partnership, topics.subsidy}, context.fact_rules,
      context.deadline, [&](int64_t done, int64_t total) { Report(context, "read", done, total); });
  if (!verified.ok()) return verified.status();
  const ChainVerifier& chains = verified->chains;

  v1::AuditReport report;
  report.set_facts_read(chains.facts());
  report.set_aggregates_verified(chains.aggregates());
  for (v1::RetiredKeyUse& use : chains.retired_key_uses()) {
    *report.add_retired_key_uses() = std::move(use);
  }
  for (v1::Divergence& divergence : chains.divergences()) {
    *report.add_divergences() = std::move(divergence);
  }
  Report(context, "chains", chains.aggregates(), chains.aggregates());

  if (absl::Status status = CheckChainTips(context, live, chains, report); !status.ok()) {
    return status;
  }
  if (absl::Status status = CheckProjections(context, live, verified->ends, report); !status.ok())
    return status;

  const std::vector<AuditedFact>& facts = verified->facts;
  auto allocations = AuditAllocations(
      {context.log, topics, context.upcasters, context.fact_rules, context.scratch_dir,
       verified->ends, context.deadline,
       [&](int64_t done, int64_t total) { Report(context, "allocations", done, total); }},
      facts);
  if (!allocations.ok()) return allocations.status();
  TrancheAuditResult tranches = AuditTranches(facts);
  OfficerDecisionAuditResult officers = AuditOfficerDecisions(facts);
  Report(context, "tranches", static_cast<int64_t>(tranches.checks.size()),
         static_cast<int64_t>(tranches.checks.size()));
  for (auto* checks : {&officers.checks, &allocations->checks, &tranches.checks}) {
    for (v1::DecisionCheck& check : *checks) *report.add_decisions() = std::move(check);
  }
  for (auto* divergences :
       {&officers.divergences, &allocations->divergences, &tranches.divergences}) {
    for (v1::Divergence& divergence : *divergences) {
      *report.add_divergences() = std::move(divergence);
    }
  }
  report.set_passed(report.divergences().empty());
  return report;
}

}  // namespace stem::audit
