#include "contexts/subsidy/demand_state.h"
#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/subsidy_validation.h"
#include "libs/service/command_frame.h"
#include "services/subsidy/subsidy_access.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::RegisterDemand(grpc::ServerContext* context,
                                                const v1::RegisterDemandRequest* request,
                                                v1::RegisterDemandResponse* response) {
  using identity::v1::ACTOR_ROLE_MUNICIPALITY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  const std::string& nis = request->municipality_nis_code();
  const std::string demand_id = DemandId(request->period_id(), nis);
  return service::ServeCommand<service::NothingPrepared>(
      authenticator_, context, *request, request->request_id(),
      {ACTOR_ROLE_MUNICIPALITY, ACTOR_ROLE_OFFICER}, runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<service::NothingPrepared> {
         if (absl::Status own = RequireMunicipalityOrOfficer(call.principal, nis); !own.ok()) {
           return own;
         }
         if (absl::Status fresh = CatchUpWithOtherContexts(call.deadline); !fresh.ok()) {
           return fresh;
         }
         return service::NothingPrepared{};
       },
       .target =
           [&](const service::NothingPrepared&) {
             return Target(kDemandAggregate, demand_id, service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const service::NothingPrepared&,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto period = RequirePeriod(decision.state, request->period_id());
         if (!period.ok()) return period.status();
         auto registered = ValidateDemand(*request, period->terms(), municipalities_);
         if (!registered.ok()) return registered.status();
         if (absl::Status open = RequireWindowNotClosed(*period, decision.now); !open.ok()) {
           return open;
         }
         service::Facts facts;
         facts.push_back(std::make_unique<v1::MunicipalDemandRegistered>(*registered));
         return facts;
       },
       .answer = [&](const service::NothingPrepared&,
                     const service::CommandOutcome& outcome) -> absl::Status {
         response->set_demand_id(demand_id);
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::subsidy
