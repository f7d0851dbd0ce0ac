#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "services/audit/audit_service.h"
#include "services/audit/explain.h"

namespace stem::audit {

grpc::Status AuditServiceImpl::ExplainDecision(grpc::ServerContext* context,
                                               const v1::ExplainDecisionRequest* request,
                                               v1::ExplainDecisionResponse* response) {
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::Serve(
      deps_.authenticator, context, *request, {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
      [&](const service::Call&) -> absl::Status {
        if (request->period_id().empty()) {
          return MakeError(absl::StatusCode::kInvalidArgument, "PERIOD_ID_MISSING",
                           "period_id: which period's allocation");
        }
        auto kbo = domain::NormalizeKbo(request->academy_kbo());
        if (!kbo.ok()) return kbo.status();
        v1::ExplainDecisionRequest normalized = *request;
        normalized.set_academy_kbo(*kbo);
        auto run = BeginExpensiveRead("explain", *context);
        if (!run.ok()) return run.status();
        auto explained =
            audit::ExplainDecision(deps_.log, deps_.topics, deps_.upcasters, deps_.fact_rules,
                                   normalized, (*run)->scratch_dir(), (*run)->deadline());
        if (!explained.ok()) return explained.status();
        *response = std::move(*explained);
        return absl::OkStatus();
      });
}

}  // namespace stem::audit
