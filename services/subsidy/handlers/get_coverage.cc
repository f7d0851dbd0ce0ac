#include "contexts/subsidy/coverage.h"
#include "libs/service/call.h"
#include "services/subsidy/report_service.h"

namespace stem::subsidy {

grpc::Status ReportServiceImpl::GetCoverage(grpc::ServerContext* context,
                                            const v1::GetCoverageRequest* request,
                                            v1::GetCoverageResponse* response) {
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_MUNICIPALITY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request,
      {ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR, ACTOR_ROLE_MUNICIPALITY}, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto coverage = AnswerCoverage(state, municipalities_, *request, call.principal);
        if (!coverage.ok()) return coverage.status();
        *response = std::move(*coverage);
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
