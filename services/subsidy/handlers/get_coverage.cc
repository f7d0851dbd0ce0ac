#include "contexts/activity/activity_access.h"
#include "contexts/subsidy/coverage.h"
#include "contexts/subsidy/period_state.h"
#include "libs/service/call.h"
#include "services/subsidy/report_service.h"

namespace stem::subsidy {

grpc::Status ReportServiceImpl::GetCoverage(grpc::ServerContext* context,
                                            const v1::GetCoverageRequest* request,
                                            v1::GetCoverageResponse* response) {
  using events::v1::ACTOR_ROLE_AUDITOR;
  using events::v1::ACTOR_ROLE_MUNICIPALITY;
  using events::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request,
      {ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR, ACTOR_ROLE_MUNICIPALITY}, runtime_.store(),
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto period = RequirePeriod(state, request->period_id());
        if (!period.ok()) return period.status();
        auto territories = ResolveTerritories(period->terms(), request->territories());
        if (!territories.ok()) return territories.status();
        auto coverage = ComputeCoverage(state, municipalities_, period->terms(), *territories);
        if (!coverage.ok()) return coverage.status();
        if (call.principal.role == ACTOR_ROLE_MUNICIPALITY) {
          // A municipality sees its own line (or, in 2019 territories, the lines its 2025
          // territory now holds) and the period's totals.
          auto* lines = coverage->mutable_municipalities();
          for (int i = lines->size() - 1; i >= 0; --i) {
            if (!activity::InMunicipality(municipalities_, lines->Get(i).nis_code(),
                                          call.principal.identity)) {
              lines->DeleteSubrange(i, 1);
            }
          }
        }
        *response = std::move(*coverage);
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
