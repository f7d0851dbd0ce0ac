// Tamper evidence (rulebook section 9): every accepted fact carries the SHA-256 of its
// aggregate's previous accepted fact (EventEnvelope.previous_hash, written by the command
// processor). The verifier walks the log as every projection does - the command guard's
// rules decide which attempts were accepted (libs/service/command_guard.h) - and names the
// facts where a chain breaks: an altered fact (its successor's link no longer matches), a
// removed one (a version is skipped), an inserted one (a successor links past it), and a
// reordered one (a version arrives after a later one).
//
// A refused attempt's facts are in the log too; they link to the accepted fact their writer
// had seen, and are checked against it.
//
// An aggregate's last fact has no successor to witness it: ChainTips() gives each chain's
// end, for comparison with a live store's record of it (replay_audit.h).
#ifndef STEM_SERVICES_AUDIT_CHAIN_VERIFIER_H_
#define STEM_SERVICES_AUDIT_CHAIN_VERIFIER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "stem/audit/v1/audit_service.pb.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::audit {

// (aggregate type, aggregate id)
using AggregateKey = std::pair<std::string, std::string>;

struct ChainTip {
  int64_t version = 0;
  // FactHash of the last accepted fact (binary).
  std::string hash;
  v1::FactReference fact;
  eventlog::TopicPartition partition;
  int64_t offset = 0;
};

// Per-chain state of the verifier (outside it: GCC needs the default member initializers of a
// map's value type complete before the class that holds the map).
namespace chain_internal {

using Hash = std::array<char, 32>;
struct AcceptedVersion {
  int64_t version = 0;
  Hash hash{};
};
// The tip's FactReference without what the chain's key and version already say.
struct TipFact {
  const std::string* topic = nullptr;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string event_id;
  const std::string* event_type = nullptr;
  int64_t occurred_seconds = 0;
  int32_t occurred_nanos = 0;
};
// What only some chains ever need, allocated when one does.
struct Unsettled {
  std::string open_command;
  int32_t open_remaining = 0;
  // Refused attempts of several facts: the hash of the last fact seen of each.
  std::map<std::string, std::string> refused_attempt_hash;
  // Ranges of versions reported missing (first -> last and the divergence that says so):
  // a fact of such a version that comes later was reordered, not removed. Ranges, as a
  // hostile version number may skip billions.
  struct Missing {
    int64_t last = 0;
    size_t divergence = 0;
  };
  std::map<int64_t, Missing> reported_missing;
};
struct Chain {
  // In increasing version; the last is the tip.
  std::vector<AcceptedVersion> accepted;
  TipFact tip;
  std::unique_ptr<Unsettled> unsettled;

  int64_t version() const { return accepted.empty() ? 0 : accepted.back().version; }
  std::string tip_hash() const;
  // The hash of the accepted fact at `version`; empty when none was.
  std::string HashAt(int64_t version) const;
  bool HasOpenCommand() const { return unsettled && !unsettled->open_command.empty(); }
};
// Where the record that gave rise to a divergence lies.
struct Trigger {
  eventlog::TopicPartition partition;
  int64_t offset = 0;
  friend auto operator<=>(const Trigger&, const Trigger&) = default;
};

}  // namespace chain_internal

// Streams the log through: per aggregate it keeps only what later facts are checked
// against (each accepted version's hash and the tip's reference), and request ids as 128-bit
// digests, so a million aggregates fit in a few hundred MiB.
class ChainVerifier {
 public:
  // With `rules` (not owned) whose keys are set, a fact whose keyed proof does not hold is
  // named (DIVERGENCE_KIND_FACT_FORGED) and has no place in any chain.
  explicit ChainVerifier(const events::FactRules* rules = nullptr) : rules_(rules) {}
  // The records of each partition in offset order; partitions may interleave. True when the
  // command guard's rules accept the fact (a refused attempt's facts change nothing).
  bool Add(const eventlog::Record& record);

  // In the order of the records that gave rise to them (partition by partition, then by
  // offset), whatever the interleaving of partitions was.
  std::vector<v1::Divergence> divergences() const;
  // Attempts refused for naming a retired fact key (AuditReport.retired_key_uses), in the
  // same order.
  std::vector<v1::RetiredKeyUse> retired_key_uses() const;
  // Each chain's end, in aggregate order; stops at the first error `visit` returns.
  absl::Status ForEachTip(
      const std::function<absl::Status(const AggregateKey&, const ChainTip&)>& visit) const;
  std::optional<ChainTip> TipOf(const AggregateKey& key) const;
  int64_t facts() const { return facts_; }
  int64_t aggregates() const { return static_cast<int64_t>(chains_.size()); }

 private:
  using Chain = chain_internal::Chain;
  using Trigger = chain_internal::Trigger;
  using Unsettled = chain_internal::Unsettled;

  // `stale`: the attempt names an older fact key than its partition's current one, and is
  // refused as the command guard refuses it. True when accepted.
  bool AddFirstOfAttempt(const AggregateKey& key, Chain& chain,
                         const events::v1::EventEnvelope& event, const v1::FactReference& fact,
                         const std::string& hash, bool stale);
  void ReportForged(const eventlog::Record& record, const events::v1::EventEnvelope& event,
                    std::string_view why);
  bool AddLaterOfAttempt(const AggregateKey& key, Chain& chain,
                         const events::v1::EventEnvelope& event, const v1::FactReference& fact,
                         const std::string& hash);
  // The chain takes `event` as its accepted fact at its version, linked or not: one break is
  // reported once, and what follows is checked against the log as it is.
  void Accept(Chain& chain, const events::v1::EventEnvelope& event, const v1::FactReference& fact,
              const std::string& hash);
  void CheckLink(const AggregateKey& key, const Chain& chain, const std::string& expected,
                 const std::string& actual, const v1::FactReference& fact);
  // True when `event` fills a version reported missing (and rewrites that report).
  bool FillsReportedGap(Chain& chain, const events::v1::EventEnvelope& event,
                        const v1::FactReference& fact);
  void ReportGap(Chain& chain, int64_t first_missing, const events::v1::EventEnvelope& event,
                 const v1::FactReference& fact);
  void AddDivergence(v1::Divergence divergence);
  // Whether this aggregate took a command with `request_id` before; remembers it if not.
  bool SeenRequest(const AggregateKey& key, const std::string& request_id, bool remember);
  const std::string* Intern(const std::string& name);
  v1::FactReference ReferenceOfTip(const AggregateKey& key, const Chain& chain) const;
  ChainTip TipOfChain(const AggregateKey& key, const Chain& chain) const;

  absl::btree_map<AggregateKey, Chain> chains_;
  // The first 128 bits of SHA-256(aggregate type, id, request id) of each accepted command.
  absl::flat_hash_set<std::pair<uint64_t, uint64_t>> request_ids_;
  // Topics and event types, which every tip names.
  std::set<std::string, std::less<>> names_;
  // The current fact key of each partition (libs/service/fact_key_currency.h).
  std::map<eventlog::TopicPartition, std::string> current_keys_;
  const events::FactRules* const rules_;
  std::vector<v1::Divergence> divergences_;
  std::vector<Trigger> divergence_triggers_;
  std::vector<v1::RetiredKeyUse> retired_key_uses_;
  // The record being added.
  Trigger adding_;
  int64_t facts_ = 0;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_CHAIN_VERIFIER_H_
