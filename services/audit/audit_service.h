// The AuditService gRPC API (proto/stem/audit/v1/audit_service.proto). Each RPC lives in its
// own file under handlers/. It reads the log directly; the all-in-one runs it beside the
// four services, with their stores as the live side of the comparison.
#ifndef STEM_SERVICES_AUDIT_AUDIT_SERVICE_H_
#define STEM_SERVICES_AUDIT_AUDIT_SERVICE_H_

#include <atomic>
#include <string>

#include "libs/domain/municipalities.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/topics.h"
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
  // Scratch stores of replays go under here, one directory per call, removed after.
  std::string scratch_dir;
};

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  // Nothing in `deps` is owned; all must outlive the service.
  explicit AuditServiceImpl(AuditServiceDeps deps) : deps_(std::move(deps)) {}

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

 private:
  // A fresh directory name under the scratch directory.
  std::string ScratchDir(const char* purpose);

  AuditServiceDeps deps_;
  std::atomic<int64_t> scratch_sequence_{0};
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_AUDIT_SERVICE_H_
