#include "contexts/subsidy/period_state.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "services/subsidy/subsidy_access.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::GetDecision(grpc::ServerContext* context,
                                             const v1::GetDecisionRequest* request,
                                             v1::GetDecisionResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request,
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR}, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto kbo = domain::NormalizeKbo(request->academy_kbo());
        if (!kbo.ok()) return kbo.status();
        if (absl::Status reader = RequireAcademyReader(call.principal, *kbo); !reader.ok()) {
          return reader;
        }
        auto period = RequirePeriod(state, request->period_id());
        if (!period.ok()) return period.status();
        auto decision = LoadDecision(state, request->period_id(), *kbo);
        if (!decision.ok()) return decision.status();
        if (!*decision) {
          return MakeError(absl::StatusCode::kNotFound, "DECISION_NOT_FOUND",
                           period->has_allocation()
                               ? "academy " + *kbo + " had no application when period " +
                                     request->period_id() + " was allocated"
                               : "period " + request->period_id() + " is not allocated yet");
        }
        *response->mutable_decision() = std::move(**decision);
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
