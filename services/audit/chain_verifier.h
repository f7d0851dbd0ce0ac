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

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

class ChainVerifier {
 public:
  // With `rules` (not owned) whose keys are set, a fact whose keyed proof does not hold is
  // named (DIVERGENCE_KIND_FACT_FORGED) and has no place in any chain.
  explicit ChainVerifier(const events::FactRules* rules = nullptr) : rules_(rules) {}
  // The records of each partition in offset order; partitions may interleave.
  void Add(const eventlog::Record& record);

  const std::vector<v1::Divergence>& divergences() const { return divergences_; }
  // Attempts refused for naming a retired fact key (AuditReport.retired_key_uses).
  const std::vector<v1::RetiredKeyUse>& retired_key_uses() const { return retired_key_uses_; }
  std::map<AggregateKey, ChainTip> ChainTips() const;
  int64_t facts() const { return facts_; }
  int64_t aggregates() const { return static_cast<int64_t>(chains_.size()); }
  // Whether the fact was accepted by the command guard's rules (a refused attempt's facts
  // change nothing).
  bool IsAccepted(const std::string& event_id) const { return accepted_.contains(event_id); }

 private:
  struct Chain {
    ChainTip tip;
    // The hash of the accepted fact at each version: what a refused attempt links to.
    std::map<int64_t, std::string> hash_at;
    std::string open_command;
    int32_t open_remaining = 0;
    std::set<std::string> request_ids;
    // Refused attempts of several facts: the hash of the last fact seen of each.
    std::map<std::string, std::string> refused_attempt_hash;
    // Versions reported missing, and the divergence that says so: a fact of such a
    // version that comes later was reordered, not removed.
    std::map<int64_t, size_t> reported_missing;
  };

  // `stale`: the attempt names an older fact key than its partition's current one, and is
  // refused as the command guard refuses it.
  void AddFirstOfAttempt(Chain& chain, const events::v1::EventEnvelope& event,
                         const v1::FactReference& fact, const std::string& hash, bool stale);
  void ReportForged(const eventlog::Record& record, const events::v1::EventEnvelope& event,
                    std::string_view why);
  void AddLaterOfAttempt(Chain& chain, const events::v1::EventEnvelope& event,
                         const v1::FactReference& fact, const std::string& hash);
  // The chain takes `event` as its accepted fact at its version, linked or not: one break is
  // reported once, and what follows is checked against the log as it is.
  void Accept(Chain& chain, const events::v1::EventEnvelope& event, const v1::FactReference& fact,
              const std::string& hash);
  void CheckLink(const Chain& chain, const std::string& expected, const std::string& actual,
                 const v1::FactReference& fact);
  // True when `event` fills a version reported missing (and rewrites that report).
  bool FillsReportedGap(Chain& chain, const events::v1::EventEnvelope& event,
                        const v1::FactReference& fact);
  void ReportGap(Chain& chain, int64_t first_missing, const events::v1::EventEnvelope& event,
                 const v1::FactReference& fact);

  std::map<AggregateKey, Chain> chains_;
  // The current fact key of each partition (libs/service/fact_key_currency.h).
  std::map<eventlog::TopicPartition, std::string> current_keys_;
  const events::FactRules* const rules_;
  std::vector<v1::Divergence> divergences_;
  std::vector<v1::RetiredKeyUse> retired_key_uses_;
  std::set<std::string> accepted_;
  int64_t facts_ = 0;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_CHAIN_VERIFIER_H_
