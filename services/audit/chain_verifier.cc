#include "services/audit/chain_verifier.h"

#include <algorithm>
#include <cstring>
#include <tuple>

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

std::pair<uint64_t, uint64_t> FirstBits(const std::string& digest) {
  std::pair<uint64_t, uint64_t> bits;
  std::memcpy(&bits.first, digest.data(), sizeof bits.first);
  std::memcpy(&bits.second, digest.data() + sizeof bits.first, sizeof bits.second);
  return bits;
}

}  // namespace

std::string chain_internal::Chain::tip_hash() const {
  if (accepted.empty()) return "";
  return std::string(accepted.back().hash.data(), accepted.back().hash.size());
}

std::string chain_internal::Chain::HashAt(int64_t version) const {
  auto at = std::lower_bound(
      accepted.begin(), accepted.end(), version,
      [](const AcceptedVersion& entry, int64_t wanted) { return entry.version < wanted; });
  if (at == accepted.end() || at->version != version) return "";
  return std::string(at->hash.data(), at->hash.size());
}

bool ChainVerifier::Add(const eventlog::Record& record) {
  ++facts_;
  adding_ = {record.topic_partition, record.offset};
  events::v1::EventEnvelope event;
  if (!event.ParseFromString(record.value) || event.aggregate_type().empty()) {
    v1::Divergence divergence;
    divergence.set_kind(v1::DIVERGENCE_KIND_UNREADABLE_FACT);
    *divergence.add_facts() = ReferenceOf(record);
    divergence.set_description(
        absl::StrCat(Describe(divergence.facts(0)), " is not an event envelope"));
    AddDivergence(std::move(divergence));
    return false;
  }
  // The command guard's judgement of fact keys (command_guard.h), in the same order.
  auto rotated = service::AsFactKeyRotated(event);
  const bool keyed = rules_ != nullptr && rules_->keys() != nullptr;
  if (keyed) {
    if (absl::Status valid = rules_->CheckRecord(record.value, event); !valid.ok()) {
      ReportForged(record, event, std::string(valid.message()));
      return false;
    }
    if (rotated.ok() && *rotated) {
      if (absl::Status signature = service::CheckRotationSignature(event, **rotated);
          !signature.ok()) {
        ReportForged(record, event, std::string(signature.message()));
        return false;
      }
    }
  }
  const std::string& current_key = current_keys_[record.topic_partition];
  const bool stale =
      keyed && rotated.ok() && !*rotated && service::NamesRetiredKey(event, current_key);
  AggregateKey key{event.aggregate_type(), event.aggregate_id()};
  Chain& chain = chains_[key];
  v1::FactReference fact = ReferenceOf(record, event);
  if (stale && event.command_event_index() == 0) {
    v1::RetiredKeyUse& use = retired_key_uses_.emplace_back();
    *use.mutable_fact() = fact;
    use.set_key_id(event.mac_key_id());
    use.set_current_key_id(current_key);
  }
  const std::string hash = service::FactHash(record.value);
  bool accepted = false;
  if (event.command_event_index() == 0) {
    accepted = AddFirstOfAttempt(key, chain, event, fact, hash, stale);
    if (rotated.ok() && *rotated && accepted) {
      current_keys_[record.topic_partition] = (*rotated)->key_id();
    }
  } else {
    accepted = AddLaterOfAttempt(key, chain, event, fact, hash);
  }
  if (accepted) {
    chain.tip.topic = Intern(record.topic_partition.topic);
    chain.tip.partition = record.topic_partition.partition;
    chain.tip.offset = record.offset;
  }
  return accepted;
}

void ChainVerifier::ReportForged(const eventlog::Record& record,
                                 const events::v1::EventEnvelope& event, std::string_view why) {
  v1::Divergence divergence;
  divergence.set_kind(v1::DIVERGENCE_KIND_FACT_FORGED);
  *divergence.add_facts() = ReferenceOf(record, event);
  divergence.set_description(
      absl::StrCat(Describe(divergence.facts(0)), " is forged: ", ToAbsl(why)));
  AddDivergence(std::move(divergence));
}

bool ChainVerifier::AddFirstOfAttempt(const AggregateKey& key, Chain& chain,
                                      const events::v1::EventEnvelope& event,
                                      const v1::FactReference& fact, const std::string& hash,
                                      bool stale) {
  const bool duplicate =
      !event.request_id().empty() && SeenRequest(key, event.request_id(), /*remember=*/false);
  const int64_t next = chain.version() + 1;
  if (!duplicate && !stale && !chain.HasOpenCommand() && event.aggregate_version() == next) {
    CheckLink(key, chain, chain.tip_hash(), event.previous_hash(), fact);
    if (!event.request_id().empty()) SeenRequest(key, event.request_id(), /*remember=*/true);
    Accept(chain, event, fact, hash);
    if (event.command_event_count() > 1) {
      if (!chain.unsettled) chain.unsettled = std::make_unique<Unsettled>();
      chain.unsettled->open_command = CommandIdOf(event);
      chain.unsettled->open_remaining = event.command_event_count() - 1;
    }
    return true;
  }
  if (!stale && event.aggregate_version() > next) {
    ReportGap(chain, next, event, fact);
    Accept(chain, event, fact, hash);
    chain.unsettled->open_command.clear();
    if (event.command_event_count() > 1) {
      chain.unsettled->open_command = CommandIdOf(event);
      chain.unsettled->open_remaining = event.command_event_count() - 1;
    }
    return true;
  }
  if (FillsReportedGap(chain, event, fact)) return false;
  // A refused attempt: its writer saw the aggregate at the version before its own.
  CheckLink(key, chain, chain.HashAt(event.aggregate_version() - 1), event.previous_hash(), fact);
  if (event.command_event_count() > 1) {
    if (!chain.unsettled) chain.unsettled = std::make_unique<Unsettled>();
    chain.unsettled->refused_attempt_hash[CommandIdOf(event)] = hash;
  }
  return false;
}

bool ChainVerifier::AddLaterOfAttempt(const AggregateKey& key, Chain& chain,
                                      const events::v1::EventEnvelope& event,
                                      const v1::FactReference& fact, const std::string& hash) {
  const std::string& command = CommandIdOf(event);
  if (chain.HasOpenCommand() && chain.unsettled->open_command == command) {
    if (event.aggregate_version() != chain.version() + 1) {
      if (FillsReportedGap(chain, event, fact)) return false;
      ReportGap(chain, chain.version() + 1, event, fact);
    } else {
      CheckLink(key, chain, chain.tip_hash(), event.previous_hash(), fact);
    }
    Accept(chain, event, fact, hash);
    if (--chain.unsettled->open_remaining <= 0) chain.unsettled->open_command.clear();
    return true;
  }
  if (chain.unsettled) {
    auto refused = chain.unsettled->refused_attempt_hash.find(command);
    if (refused != chain.unsettled->refused_attempt_hash.end()) {
      CheckLink(key, chain, refused->second, event.previous_hash(), fact);
      refused->second = hash;
      return false;
    }
  }
  if (FillsReportedGap(chain, event, fact)) return false;
  v1::Divergence divergence;
  divergence.set_kind(v1::DIVERGENCE_KIND_VERSION_GAP);
  *divergence.add_facts() = fact;
  divergence.set_description(absl::StrCat(
      Describe(fact), " continues command ", command,
      " whose first fact is not in the log before it: that fact was removed or moved"));
  AddDivergence(std::move(divergence));
  return false;
}

void ChainVerifier::Accept(Chain& chain, const events::v1::EventEnvelope& event,
                           const v1::FactReference& fact, const std::string& hash) {
  // A hostile log may accept a lower version into an open command: the versions stay sorted.
  while (!chain.accepted.empty() && chain.accepted.back().version >= event.aggregate_version()) {
    chain.accepted.pop_back();
  }
  chain_internal::AcceptedVersion& accepted = chain.accepted.emplace_back();
  accepted.version = event.aggregate_version();
  std::copy_n(hash.begin(), std::min(hash.size(), accepted.hash.size()), accepted.hash.begin());
  chain.tip.event_id = fact.event_id();
  chain.tip.event_type = Intern(fact.event_type());
  chain.tip.occurred_seconds = fact.occurred_at().seconds();
  chain.tip.occurred_nanos = fact.occurred_at().nanos();
}

void ChainVerifier::CheckLink(const AggregateKey& key, const Chain& chain,
                              const std::string& expected, const std::string& actual,
                              const v1::FactReference& fact) {
  if (expected == actual) return;
  v1::Divergence divergence;
  divergence.set_kind(v1::DIVERGENCE_KIND_HASH_CHAIN_BROKEN);
  const bool links_to_tip = chain.version() > 0 && expected == chain.tip_hash();
  const v1::FactReference tip = links_to_tip ? ReferenceOfTip(key, chain) : v1::FactReference();
  if (links_to_tip) *divergence.add_facts() = tip;
  *divergence.add_facts() = fact;
  if (links_to_tip) {
    divergence.set_description(
        absl::StrCat(Describe(fact), " links to a previous fact with hash ", Hex(actual), ", but ",
                     Describe(tip), " before it hashes to ", Hex(expected),
                     ": that fact was altered, or one was inserted or removed between them"));
  } else {
    divergence.set_description(absl::StrCat(Describe(fact), " links to a previous fact with hash ",
                                            Hex(actual),
                                            ", but the log's fact it follows hashes to ",
                                            Hex(expected), ": the chain is broken before it"));
  }
  AddDivergence(std::move(divergence));
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
  if (!chain.unsettled) chain.unsettled = std::make_unique<Unsettled>();
  if (first_missing <= last_missing) {
    chain.unsettled->reported_missing[first_missing] = {last_missing, divergences_.size()};
  }
  AddDivergence(std::move(divergence));
}

bool ChainVerifier::FillsReportedGap(Chain& chain, const events::v1::EventEnvelope& event,
                                     const v1::FactReference& fact) {
  if (!chain.unsettled) return false;
  auto& missing = chain.unsettled->reported_missing;
  const int64_t version = event.aggregate_version();
  auto range = missing.upper_bound(version);
  if (range == missing.begin()) return false;
  --range;
  if (version > range->second.last) return false;
  const int64_t first = range->first;
  const Unsettled::Missing found = range->second;
  missing.erase(range);
  if (first < version) missing[first] = {version - 1, found.divergence};
  if (version < found.last) missing[version + 1] = {found.last, found.divergence};

  v1::Divergence& report = divergences_[found.divergence];
  const v1::FactReference early = report.facts(0);
  report.set_kind(v1::DIVERGENCE_KIND_OUT_OF_ORDER);
  report.clear_facts();
  *report.add_facts() = fact;
  *report.add_facts() = early;
  report.set_description(absl::StrCat(Describe(fact), " comes after ", Describe(early),
                                      ", a later version of the same aggregate: the facts were "
                                      "reordered"));
  return true;
}

void ChainVerifier::AddDivergence(v1::Divergence divergence) {
  divergences_.push_back(std::move(divergence));
  divergence_triggers_.push_back(adding_);
}

bool ChainVerifier::SeenRequest(const AggregateKey& key, const std::string& request_id,
                                bool remember) {
  const auto digest = FirstBits(service::FactHash(absl::StrCat(
      key.first.size(), ":", key.first, key.second.size(), ":", key.second, request_id)));
  if (remember) return !request_ids_.insert(digest).second;
  return request_ids_.contains(digest);
}

const std::string* ChainVerifier::Intern(const std::string& name) {
  return &*names_.insert(name).first;
}

v1::FactReference ChainVerifier::ReferenceOfTip(const AggregateKey& key, const Chain& chain) const {
  v1::FactReference fact;
  if (chain.tip.topic != nullptr) fact.set_topic(*chain.tip.topic);
  fact.set_partition(chain.tip.partition);
  fact.set_offset(chain.tip.offset);
  fact.set_event_id(chain.tip.event_id);
  if (chain.tip.event_type != nullptr) fact.set_event_type(*chain.tip.event_type);
  fact.set_aggregate_type(key.first);
  fact.set_aggregate_id(key.second);
  fact.set_aggregate_version(chain.version());
  fact.mutable_occurred_at()->set_seconds(chain.tip.occurred_seconds);
  fact.mutable_occurred_at()->set_nanos(chain.tip.occurred_nanos);
  return fact;
}

ChainTip ChainVerifier::TipOfChain(const AggregateKey& key, const Chain& chain) const {
  ChainTip tip;
  tip.version = chain.version();
  tip.hash = chain.tip_hash();
  tip.fact = ReferenceOfTip(key, chain);
  if (chain.tip.topic != nullptr) tip.partition = {*chain.tip.topic, chain.tip.partition};
  tip.offset = chain.tip.offset;
  return tip;
}

std::vector<v1::Divergence> ChainVerifier::divergences() const {
  std::vector<size_t> order(divergences_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return divergence_triggers_[a] < divergence_triggers_[b];
  });
  std::vector<v1::Divergence> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) sorted.push_back(divergences_[i]);
  return sorted;
}

std::vector<v1::RetiredKeyUse> ChainVerifier::retired_key_uses() const {
  std::vector<v1::RetiredKeyUse> sorted = retired_key_uses_;
  auto position = [](const v1::RetiredKeyUse& use) {
    return std::make_tuple(std::string_view(use.fact().topic()), use.fact().partition(),
                           use.fact().offset());
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const v1::RetiredKeyUse& a, const v1::RetiredKeyUse& b) {
                     return position(a) < position(b);
                   });
  return sorted;
}

absl::Status ChainVerifier::ForEachTip(
    const std::function<absl::Status(const AggregateKey&, const ChainTip&)>& visit) const {
  for (const auto& [key, chain] : chains_) {
    if (absl::Status status = visit(key, TipOfChain(key, chain)); !status.ok()) return status;
  }
  return absl::OkStatus();
}

std::optional<ChainTip> ChainVerifier::TipOf(const AggregateKey& key) const {
  auto chain = chains_.find(key);
  if (chain == chains_.end()) return std::nullopt;
  return TipOfChain(key, chain->second);
}

}  // namespace stem::audit
