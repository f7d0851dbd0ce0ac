// The AuditService gRPC API (proto/stem/audit/v1/audit_service.proto). Each RPC lives in its
// own file under handlers/. It reads the log directly; the all-in-one runs it beside the
// four services, with their stores as the live side of the comparison.
#ifndef STEM_SERVICES_AUDIT_AUDIT_SERVICE_H_
#define STEM_SERVICES_AUDIT_AUDIT_SERVICE_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "libs/clock/clock.h"
#include "libs/domain/municipalities.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/topics.h"
#include "libs/transparency/checkpoint.h"
#include "services/audit/live_projections.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"

namespace stem::audit {

struct AuditServiceDeps {
  eventlog::EventLog& log;
  service::Topics topics;
  const events::UpcasterRegistry& upcasters;
  const events::FactRules& fact_rules;
  const rpc::Authenticator& authenticator;
  const domain::MunicipalityRegistry& municipalities;
  LiveProjections& live;
  // Scratch stores of replays go under here, one directory per call, removed after; what a
  // run that died left there is removed when the service starts.
  std::string scratch_dir;
  // Checkpoints: the suite's clock, the key that signs them and the suite's name in them.
  // Without a signer, GetCheckpoint and the proofs are FAILED_PRECONDITION
  // (CHECKPOINT_KEY_MISSING).
  const clock::Clock* clock = nullptr;
  const transparency::CheckpointSigner* checkpoint_signer = nullptr;
  std::string checkpoint_origin = "stem-academies.vlaio.be";
};

// A replay, an explanation or an as-of query reads the whole log into scratch stores: each
// holds the process's one slot for such reads while it runs, and a scratch directory of its
// own that it removes when it ends, however it ends. It may take until the caller's
// deadline, up to an hour: a million facts take a replay more than the 30 s of a command.
class ExpensiveRead {
 public:
  static constexpr absl::Duration kLongestRead = absl::Hours(1);
  ExpensiveRead(std::unique_lock<std::mutex> slot, std::string scratch_dir, absl::Time deadline)
      : slot_(std::move(slot)), scratch_dir_(std::move(scratch_dir)), deadline_(deadline) {}
  ~ExpensiveRead();
  ExpensiveRead(const ExpensiveRead&) = delete;
  ExpensiveRead& operator=(const ExpensiveRead&) = delete;

  const std::string& scratch_dir() const { return scratch_dir_; }
  absl::Time deadline() const { return deadline_; }

 private:
  std::unique_lock<std::mutex> slot_;
  const std::string scratch_dir_;
  const absl::Time deadline_;
};

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  // Nothing in `deps` is owned; all must outlive the service. Empties deps.scratch_dir.
  explicit AuditServiceImpl(AuditServiceDeps deps);

  grpc::Status ReplayAudit(grpc::ServerContext* context, const v1::ReplayAuditRequest* request,
                           grpc::ServerWriter<v1::ReplayAuditResponse>* writer) override;
  grpc::Status ExplainDecision(grpc::ServerContext* context,
                               const v1::ExplainDecisionRequest* request,
                               v1::ExplainDecisionResponse* response) override;
  grpc::Status GetRecognitionStatusAsOf(grpc::ServerContext* context,
                                        const v1::GetRecognitionStatusAsOfRequest* request,
                                        v1::GetRecognitionStatusAsOfResponse* response) override;
  grpc::Status ListRecognisedAcademiesAsOf(
      grpc::ServerContext* context, const v1::ListRecognisedAcademiesAsOfRequest* request,
      v1::ListRecognisedAcademiesAsOfResponse* response) override;
  grpc::Status GetCoverageAsOf(grpc::ServerContext* context,
                               const v1::GetCoverageAsOfRequest* request,
                               v1::GetCoverageAsOfResponse* response) override;
  grpc::Status GetCheckpoint(grpc::ServerContext* context, const v1::GetCheckpointRequest* request,
                             v1::GetCheckpointResponse* response) override;
  grpc::Status ProveConsistency(grpc::ServerContext* context,
                                const v1::ProveConsistencyRequest* request,
                                v1::ProveConsistencyResponse* response) override;
  grpc::Status ProveInclusion(grpc::ServerContext* context,
                              const v1::ProveInclusionRequest* request,
                              v1::ProveInclusionResponse* response) override;

 private:
  // The slot for one expensive read and a fresh scratch directory for it; RESOURCE_EXHAUSTED
  // (AUDIT_BUSY) while another runs: eight concurrent replays must not take eight times the
  // disk and memory of one.
  absl::StatusOr<std::unique_ptr<ExpensiveRead>> BeginExpensiveRead(
      const char* purpose, const grpc::ServerContext& context);

  AuditServiceDeps deps_;
  std::mutex expensive_slot_;
  std::atomic<int64_t> scratch_sequence_{0};
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_AUDIT_SERVICE_H_
