// Orders the tranches of STEM-partnerships (rulebook section 6, "Payments"): every approval
// fact of the partnership context - a partnership approved on its call, an interim or a
// final report approved - releases one tranche of the approved amount, by the call's
// schedule (libs/domain/tranches.h: floor(amount x permille / 1000), the last tranche the
// remainder).
//
// Exactly once: the order is a command on the partnership's payments aggregate whose
// request id is the approval fact's event id. The command guard answers a request id once
// per aggregate, so a replay, a redelivered record, a restarted processor or two replicas
// that both see the approval order the tranche once; the later ones get the first answer.
//
// The TrancheTrigger is the projector of a runtime that reads the partnership topic in a
// consumer group, so that the replicas of the subsidy service share the approvals between
// them; its command runs on the subsidy runtime, whose projection holds the calls and
// approvals the decision needs. The trigger's store holds no state of its own beyond the
// command guard's records and the positions: what it has acted on.
#ifndef STEM_CONTEXTS_SUBSIDY_TRANCHE_PROCESSOR_H_
#define STEM_CONTEXTS_SUBSIDY_TRANCHE_PROCESSOR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projector.h"
#include "libs/service/command_processor.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

// The actor of the orders: the suite itself.
inline constexpr char kTrancheActor[] = "stem-subsidy-tranches";

// The command for a fact of the partnership context, when it is an approval that releases
// a tranche (PartnershipApproved, ReportApproved of an interim or final report).
std::optional<v1::OrderTrancheCommand> TrancheCommandFor(const events::v1::EventEnvelope& event);

// Runs the command on `subsidy` (a runtime projecting SubsidyProjectors), after its
// projection has caught up with every topic it reads, so that the approval and its call are
// in. FAILED_PRECONDITION PARTNERSHIP_NOT_APPROVED / CALL_NOT_FOUND when the partnership
// context's facts do not explain the approval. A second approval of a kind already paid
// orders nothing.
absl::StatusOr<service::CommandOutcome> OrderTranche(service::ServiceRuntime& subsidy,
                                                     const std::string& subsidy_topic,
                                                     const events::v1::EventEnvelope& approval,
                                                     const v1::OrderTrancheCommand& command,
                                                     absl::Time deadline);

class TrancheTrigger final : public projection::Projector {
 public:
  // `subsidy` is not owned and must outlive the trigger. Transient failures (deadline,
  // unavailable, contention) are retried for `patience`; after that, or on any other
  // error, Apply fails and the trigger's projection stops (NOT_SERVING, logged) and tries
  // again with backoff: its position stays before the approval, so the tranche is ordered
  // when it runs again.
  TrancheTrigger(service::Topics topics, service::ServiceRuntime& subsidy,
                 absl::Duration patience = absl::Minutes(2))
      : topics_(std::move(topics)), subsidy_(subsidy), patience_(patience) {}

  std::vector<std::string> Topics() const override { return {topics_.partnership}; }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override;

 private:
  const service::Topics topics_;
  service::ServiceRuntime& subsidy_;
  const absl::Duration patience_;
};

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_TRANCHE_PROCESSOR_H_
