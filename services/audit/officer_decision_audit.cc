#include "services/audit/officer_decision_audit.h"

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "contexts/partnership/decision_rules.h"
#include "contexts/recognition/grant_decision.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/recognition_rules.h"
#include "libs/events/timestamps.h"
#include "services/audit/fact_reference.h"
#include "stem/partnership/v1/events.pb.h"
#include "stem/recognition/v1/events.pb.h"

namespace stem::audit {
namespace {

using partnership::v1::CallOpened;
using partnership::v1::ParticipationConfirmed;
using partnership::v1::ParticipationDeclined;
using partnership::v1::PartnershipApplicationSubmitted;
using partnership::v1::PartnershipApproved;
using recognition::v1::RecognitionGranted;
using recognition::v1::RecognitionRevoked;

absl::Time OccurredAt(const AuditedFact& fact) {
  return events::FromTimestamp(fact.event.occurred_at());
}

std::optional<absl::CivilDay> Day(const std::string& iso) {
  auto day = clock::ParseDate(iso);
  if (!day.ok()) return std::nullopt;
  return *day;
}

// A recognition fact, kept with when it was recorded, to build histories as they were
// known at an instant.
struct RecognitionFact {
  absl::Time occurred_at;
  int64_t version = 0;
  std::optional<domain::GrantPeriod> grant;
  std::optional<domain::Revocation> revocation;
};

class Auditor {
 public:
  explicit Auditor(OfficerDecisionAuditResult& result) : result_(result) {}

  void Collect(const AuditedFact& fact) {
    RecognitionGranted granted;
    RecognitionRevoked revoked;
    CallOpened call;
    PartnershipApplicationSubmitted application;
    ParticipationConfirmed confirmed;
    ParticipationDeclined declined;
    const auto& payload = fact.event.payload();
    if (payload.UnpackTo(&granted)) {
      JudgeGrant(fact, granted);
    } else if (payload.UnpackTo(&revoked)) {
      auto from = Day(revoked.effective_from());
      if (from) {
        recognitions_[fact.event.aggregate_id()].push_back(
            {OccurredAt(fact), fact.event.aggregate_version(), std::nullopt,
             domain::Revocation{*from, fact.event.aggregate_version()}});
      }
    } else if (payload.UnpackTo(&call)) {
      calls_[call.call_id()] = call;
    } else if (payload.UnpackTo(&application)) {
      applications_[application.partnership_id()] = application;
    } else if (payload.UnpackTo(&confirmed)) {
      answers_[confirmed.partnership_id()].push_back(
          {OccurredAt(fact), confirmed.partner_kbo(), true});
    } else if (payload.UnpackTo(&declined)) {
      answers_[declined.partnership_id()].push_back(
          {OccurredAt(fact), declined.partner_kbo(), false});
    }
  }

  void JudgeApprovals(const std::vector<AuditedFact>& facts) {
    for (const AuditedFact& fact : facts) {
      PartnershipApproved approved;
      if (fact.event.payload().UnpackTo(&approved)) JudgeApproval(fact, approved);
    }
  }

 private:
  void Record(const AuditedFact& fact, const std::string& decision, const std::string& problem,
              const std::string& detail) {
    v1::DecisionCheck& check = result_.checks.emplace_back();
    check.set_decision(decision);
    check.set_reproduced(problem.empty());
    check.set_detail(problem.empty() ? detail : problem);
    if (problem.empty()) return;
    v1::Divergence& divergence = result_.divergences.emplace_back();
    divergence.set_kind(v1::DIVERGENCE_KIND_DECISION_DIFFERS);
    *divergence.add_facts() = ReferenceOf(fact.position, fact.event);
    divergence.set_description(absl::StrCat(Describe(divergence.facts(0)), ": ", problem));
  }

  void JudgeGrant(const AuditedFact& fact, const RecognitionGranted& granted) {
    const std::string& kbo = fact.event.aggregate_id();
    std::vector<RecognitionFact>& history = recognitions_[kbo];
    bool held_before = false;
    for (const RecognitionFact& earlier : history) held_before |= earlier.grant.has_value();
    const absl::CivilDay decided = clock::LocalDate(OccurredAt(fact));
    const bool full = granted.kind() == recognition::v1::RECOGNITION_KIND_FULL;
    const auto from = Day(granted.valid_from());
    const auto until = Day(granted.valid_until());
    // The same decision the recognition service made, from what the log held then.
    const absl::StatusOr<recognition::GrantTerms> terms =
        recognition::DecideGrantTerms(granted.kind(), held_before, decided);
    std::string problem;
    if (!terms.ok()) {
      problem = std::string(terms.status().message());
    } else if (!from || *from != terms->valid_from) {
      problem = absl::StrCat("valid from ", granted.valid_from(), ", decided on ",
                             clock::FormatDate(decided));
    } else if (!until || *until != terms->valid_until) {
      problem =
          absl::StrCat("valid until ", granted.valid_until(), ", but the grant decided on ",
                       granted.valid_from(), " ends on ", clock::FormatDate(terms->valid_until));
    }
    Record(fact, absl::StrCat("RECOGNITION ", kbo, " v", fact.event.aggregate_version()), problem,
           absl::StrCat(full ? "full" : "provisional", " until ", granted.valid_until()));
    if (from && until) {
      history.push_back({OccurredAt(fact), fact.event.aggregate_version(),
                         domain::GrantPeriod{*from, *until, fact.event.aggregate_version()},
                         std::nullopt});
    }
  }

  // The lead's history as the recognition facts recorded by `instant` gave it.
  domain::RecognitionHistory HistoryAt(const std::string& kbo, absl::Time instant) const {
    domain::RecognitionHistory history;
    auto found = recognitions_.find(kbo);
    if (found == recognitions_.end()) return history;
    for (const RecognitionFact& fact : found->second) {
      if (fact.occurred_at > instant) continue;
      if (fact.grant) history.grants.push_back(*fact.grant);
      if (fact.revocation) history.revocations.push_back(*fact.revocation);
    }
    return history;
  }

  // The same decision the partnership service made (partnership::DecideApproval), on the
  // inputs the facts recorded by the approval's instant give.
  void JudgeApproval(const AuditedFact& fact, const PartnershipApproved& approved) {
    std::string problem;
    auto call = calls_.find(approved.call_id());
    auto application = applications_.find(approved.partnership_id());
    const auto start = Day(approved.project_start());
    const absl::CivilDay decided = clock::LocalDate(OccurredAt(fact));
    int64_t& committed = approved_per_call_[approved.call_id()];
    if (call == calls_.end() || application == applications_.end()) {
      problem = "no call or application in the log explains it";
    } else if (!start) {
      problem = "its project start is unreadable";
    } else {
      const absl::StatusOr<PartnershipApproved> decision = partnership::DecideApproval(
          InputsAt(call->second, committed, application->second, OccurredAt(fact), decided),
          approved.approved_cents(), *start, decided);
      problem = decision.ok()
                    ? Differences(*decision, approved)
                    : absl::StrCat(ReasonOf(decision.status()), ": ", decision.status().message());
    }
    committed += approved.approved_cents();
    Record(fact, absl::StrCat("APPROVAL ", approved.partnership_id()), problem,
           absl::StrCat(approved.approved_cents(), " cents from ", approved.project_start()));
  }

  // What the decision reads, as the facts recorded by `instant` gave it: the lead's
  // recognitions, each partner's latest answer in the log's order, the partners that were
  // academies on `decided` or before.
  partnership::ApprovalInputs InputsAt(const CallOpened& call, int64_t committed,
                                       const PartnershipApplicationSubmitted& application,
                                       absl::Time instant, absl::CivilDay decided) const {
    partnership::ApprovalInputs inputs;
    inputs.call = call;
    inputs.call_approved_cents = committed;
    inputs.application = application;
    inputs.lead_history = HistoryAt(application.lead_kbo(), instant);
    if (auto found = answers_.find(application.partnership_id()); found != answers_.end()) {
      for (const Answer& answer : found->second) {
        if (answer.occurred_at <= instant) inputs.answers[answer.partner_kbo] = answer.confirmed;
      }
    }
    for (const auto& partner : application.partners()) {
      if (domain::RecognisedOnOrBefore(HistoryAt(partner.kbo(), instant), decided)) {
        inputs.academy_partners.insert(partner.kbo());
      }
    }
    return inputs;
  }

  // Where the recorded approval differs from the one the rule gives; empty when it does not.
  static std::string Differences(const PartnershipApproved& decided,
                                 const PartnershipApproved& recorded) {
    for (const auto& [field, rule, fact] :
         {std::tuple{"lead", decided.lead_kbo(), recorded.lead_kbo()},
          std::tuple{"decided on", decided.decided_on(), recorded.decided_on()},
          std::tuple{"project end", decided.project_end(), recorded.project_end()}}) {
      if (rule != fact) {
        return absl::StrCat("records ", field, " ", fact, " where the rule gives ", rule);
      }
    }
    return "";
  }

  struct Answer {
    absl::Time occurred_at;
    std::string partner_kbo;
    bool confirmed = false;
  };

  OfficerDecisionAuditResult& result_;
  std::map<std::string, std::vector<Answer>> answers_;
  std::map<std::string, std::vector<RecognitionFact>> recognitions_;
  std::map<std::string, CallOpened> calls_;
  std::map<std::string, PartnershipApplicationSubmitted> applications_;
  std::map<std::string, int64_t> approved_per_call_;
};

}  // namespace

OfficerDecisionAuditResult AuditOfficerDecisions(const std::vector<AuditedFact>& facts) {
  OfficerDecisionAuditResult result;
  Auditor auditor(result);
  // Recognitions, calls and applications first (each aggregate's facts are in order; an
  // approval needs facts of other aggregates, possibly in other partitions), then the
  // approvals, each in its call's order.
  for (const AuditedFact& fact : facts) auditor.Collect(fact);
  auditor.JudgeApprovals(facts);
  return result;
}

}  // namespace stem::audit
