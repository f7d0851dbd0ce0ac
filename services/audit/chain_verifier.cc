#include "services/audit/chain_verifier.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/service/command_guard.h"
#include "libs/service/fact_key_currency.h"
#include "services/audit/fact_reference.h"

namespace stem::audit {
namespace {

std::string Hex(const std::string& bytes) {
  return bytes.empty() ? "(none)" : absl::BytesToHexString(bytes).substr(0, 16) + "...";
}

const std::string& CommandIdOf(const events::v1::EventEnvelope& event) {
  return event.command_id().empty() ? event.event_id() : event.command_id();
}

}  // namespace

void ChainVerifier::Add(const eventlog::Record& record) {
  ++facts_;
  events::v1::EventEnvelope event;
  if (!event.ParseFromString(record.value) || event.aggregate_type().empty()) {
    v1::Divergence divergence;
    divergence.set_kind(v1::DIVERGENCE_KIND_UNREADABLE_FACT);
    *divergence.add_facts() = ReferenceOf(record);
    divergence.set_description(
        absl::StrCat(Describe(divergence.facts(0)), " is not an event envelope"));
    divergences_.push_back(std::move(divergence));
    return;
  }
  // The command guard's judgement of fact keys (command_guard.h), in the same order.
  auto rotated = service::AsFactKeyRotated(event);
  const bool keyed = rules_ != nullptr && rules_->keys() != nullptr;
  if (keyed) {
    if (absl::Status valid = rules_->CheckRecord(record.value, event); !valid.ok()) {
      ReportForged(record, event, std::string(valid.message()));
      return;
    }
    if (rotated.ok() && *rotated) {
      if (absl::Status signature = service::CheckRotationSignature(event, **rotated);
          !signature.ok()) {
        ReportForged(record, event, std::string(signature.message()));
        return;
      }
    }
  }
  const std::string& current_key = current_keys_[record.topic_partition];
  const bool stale =
      keyed && rotated.ok() && !*rotated && service::NamesRetiredKey(event, current_key);
  Chain& chain = chains_[{event.aggregate_type(), event.aggregate_id()}];
  v1::FactReference fact = ReferenceOf(record, event);
  if (stale && event.command_event_index() == 0) {
    v1::RetiredKeyUse& use = retired_key_uses_.emplace_back();
    *use.mutable_fact() = fact;
    use.set_key_id(event.mac_key_id());
    use.set_current_key_id(current_key);
  }
  const std::string hash = service::FactHash(record.value);
  if (event.command_event_index() == 0) {
    AddFirstOfAttempt(chain, event, fact, hash, stale);
    if (rotated.ok() && *rotated && IsAccepted(event.event_id())) {
      current_keys_[record.topic_partition] = (*rotated)->key_id();
    }
  } else {
    AddLaterOfAttempt(chain, event, fact, hash);
  }
  if (chain.tip.fact.event_id() == event.event_id()) {
    chain.tip.partition = record.topic_partition;
    chain.tip.offset = record.offset;
  }
}

void ChainVerifier::ReportForged(const eventlog::Record& record,
                                 const events::v1::EventEnvelope& event, std::string_view why) {
  v1::Divergence divergence;
  divergence.set_kind(v1::DIVERGENCE_KIND_FACT_FORGED);
  *divergence.add_facts() = ReferenceOf(record, event);
  divergence.set_description(
      absl::StrCat(Describe(divergence.facts(0)), " is forged: ", ToAbsl(why)));
  divergences_.push_back(std::move(divergence));
}

void ChainVerifier::AddFirstOfAttempt(Chain& chain, const events::v1::EventEnvelope& event,
                                      const v1::FactReference& fact, const std::string& hash,
                                      bool stale) {
  const bool duplicate =
      !event.request_id().empty() && chain.request_ids.contains(event.request_id());
  const int64_t next = chain.tip.version + 1;
  if (!duplicate && !stale && chain.open_command.empty() && event.aggregate_version() == next) {
    CheckLink(chain, chain.tip.hash, event.previous_hash(), fact);
    if (!event.request_id().empty()) chain.request_ids.insert(event.request_id());
    Accept(chain, event, fact, hash);
    if (event.command_event_count() > 1) {
      chain.open_command = CommandIdOf(event);
      chain.open_remaining = event.command_event_count() - 1;
    }
    return;
  }
  if (!stale && event.aggregate_version() > next) {
    ReportGap(chain, next, event, fact);
    Accept(chain, event, fact, hash);
    chain.open_command.clear();
    if (event.command_event_count() > 1) {
      chain.open_command = CommandIdOf(event);
      chain.open_remaining = event.command_event_count() - 1;
    }
    return;
  }
  if (FillsReportedGap(chain, event, fact)) return;
  // A refused attempt: its writer saw the aggregate at the version before its own.
  const int64_t seen = event.aggregate_version() - 1;
  auto seen_hash = chain.hash_at.find(seen);
  CheckLink(chain,
            seen == 0 ? std::string() : (seen_hash == chain.hash_at.end() ? "" : seen_hash->second),
            event.previous_hash(), fact);
  if (event.command_event_count() > 1) chain.refused_attempt_hash[CommandIdOf(event)] = hash;
}

void ChainVerifier::AddLaterOfAttempt(Chain& chain, const events::v1::EventEnvelope& event,
                                      const v1::FactReference& fact, const std::string& hash) {
  const std::string& command = CommandIdOf(event);
  if (!chain.open_command.empty() && chain.open_command == command) {
    if (event.aggregate_version() != chain.tip.version + 1) {
      if (FillsReportedGap(chain, event, fact)) return;
      ReportGap(chain, chain.tip.version + 1, event, fact);
    } else {
      CheckLink(chain, chain.tip.hash, event.previous_hash(), fact);
    }
    Accept(chain, event, fact, hash);
    if (--chain.open_remaining <= 0) chain.open_command.clear();
    return;
  }
  auto refused = chain.refused_attempt_hash.find(command);
  if (refused != chain.refused_attempt_hash.end()) {
    CheckLink(chain, refused->second, event.previous_hash(), fact);
    refused->second = hash;
    return;
  }
  if (FillsReportedGap(chain, event, fact)) return;
  v1::Divergence divergence;
  divergence.set_kind(v1::DIVERGENCE_KIND_VERSION_GAP);
  *divergence.add_facts() = fact;
  divergence.set_description(absl::StrCat(
      Describe(fact), " continues command ", command,
      " whose first fact is not in the log before it: that fact was removed or moved"));
  divergences_.push_back(std::move(divergence));
}

void ChainVerifier::Accept(Chain& chain, const events::v1::EventEnvelope& event,
                           const v1::FactReference& fact, const std::string& hash) {
  chain.tip.version = event.aggregate_version();
  chain.tip.hash = hash;
  chain.tip.fact = fact;
  chain.hash_at[event.aggregate_version()] = hash;
  accepted_.insert(event.event_id());
}

void ChainVerifier::CheckLink(const Chain& chain, const std::string& expected,
                              const std::string& actual, const v1::FactReference& fact) {
  if (expected == actual) return;
  v1::Divergence divergence;
  divergence.set_kind(v1::DIVERGENCE_KIND_HASH_CHAIN_BROKEN);
  const bool links_to_tip = expected == chain.tip.hash && chain.tip.version > 0;
  if (links_to_tip) *divergence.add_facts() = chain.tip.fact;
  *divergence.add_facts() = fact;
  if (links_to_tip) {
    divergence.set_description(
        absl::StrCat(Describe(fact), " links to a previous fact with hash ", Hex(actual), ", but ",
                     Describe(chain.tip.fact), " before it hashes to ", Hex(expected),
                     ": that fact was altered, or one was inserted or removed between them"));
  } else {
    divergence.set_description(absl::StrCat(Describe(fact), " links to a previous fact with hash ",
                                            Hex(actual),
                                            ", but the log's fact it follows hashes to ",
                                            Hex(expected), ": the chain is broken before it"));
  }
  divergences_.push_back(std::move(divergence));
}

void ChainVerifier::ReportGap(Chain& chain, int64_t first_missing,
                              const events::v1::EventEnvelope& event,
                              const v1::FactReference& fact) {
  v1::Divergence divergence;
  divergence.set_kind(v1::DIVERGENCE_KIND_VERSION_GAP);
  *divergence.add_facts() = fact;
  const int64_t last_missing = event.aggregate_version() - 1;
  divergence.set_description(absl::StrCat(
      Describe(fact), " follows version ", first_missing - 1, " of ", event.aggregate_type(), "/",
      event.aggregate_id(), ": version",
      first_missing == last_missing ? absl::StrCat(" ", first_missing)
                                    : absl::StrCat("s ", first_missing, "-", last_missing),
      " (the fact hashing to ", Hex(event.previous_hash()), ") ",
      first_missing == last_missing ? "is" : "are", " not in the log before it: removed or moved"));
  for (int64_t version = first_missing; version <= last_missing; ++version) {
    chain.reported_missing[version] = divergences_.size();
  }
  divergences_.push_back(std::move(divergence));
}

bool ChainVerifier::FillsReportedGap(Chain& chain, const events::v1::EventEnvelope& event,
                                     const v1::FactReference& fact) {
  auto missing = chain.reported_missing.find(event.aggregate_version());
  if (missing == chain.reported_missing.end()) return false;
  v1::Divergence& report = divergences_[missing->second];
  const v1::FactReference early = report.facts(0);
  report.set_kind(v1::DIVERGENCE_KIND_OUT_OF_ORDER);
  report.clear_facts();
  *report.add_facts() = fact;
  *report.add_facts() = early;
  report.set_description(absl::StrCat(Describe(fact), " comes after ", Describe(early),
                                      ", a later version of the same aggregate: the facts were "
                                      "reordered"));
  chain.reported_missing.erase(missing);
  return true;
}

std::map<AggregateKey, ChainTip> ChainVerifier::ChainTips() const {
  std::map<AggregateKey, ChainTip> tips;
  for (const auto& [key, chain] : chains_) tips[key] = chain.tip;
  return tips;
}

}  // namespace stem::audit
