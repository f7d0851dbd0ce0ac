#include "contexts/subsidy/demand_state.h"
#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/subsidy_validation.h"
#include "libs/common/error.h"
#include "libs/service/command_frame.h"
#include "services/subsidy/subsidy_access.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::WithdrawDemand(grpc::ServerContext* context,
                                                const v1::WithdrawDemandRequest* request,
                                                v1::WithdrawDemandResponse* response) {
  using identity::v1::ACTOR_ROLE_MUNICIPALITY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  const std::string& nis = request->municipality_nis_code();
  // Prepared: the withdrawal's reason, normalised.
  return service::ServeCommand<std::string>(
      authenticator_, context, *request, request->request_id(),
      {ACTOR_ROLE_MUNICIPALITY, ACTOR_ROLE_OFFICER}, runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<std::string> {
         if (absl::Status own = RequireMunicipalityOrOfficer(call.principal, nis); !own.ok()) {
           return own;
         }
         auto reason = ValidateWithdrawalReason(request->reason());
         if (!reason.ok()) return reason.status();
         if (absl::Status fresh = CatchUpWithOtherContexts(call.deadline); !fresh.ok()) {
           return fresh;
         }
         return reason;
       },
       .target =
           [&](const std::string&) {
             return Target(kDemandAggregate, DemandId(request->period_id(), nis),
                           service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const std::string& reason,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto period = RequirePeriod(decision.state, request->period_id());
         if (!period.ok()) return period.status();
         if (absl::Status open = RequireWindowNotClosed(*period, decision.now); !open.ok()) {
           return open;
         }
         auto demand = LoadDemand(decision.state, request->period_id(), nis);
         if (!demand.ok()) return demand.status();
         if (!*demand || (*demand)->state() != v1::DEMAND_STATE_REGISTERED) {
           return MakeError(absl::StatusCode::kNotFound, "DEMAND_NOT_FOUND",
                            "municipality " + nis + " has no standing demand for period " +
                                request->period_id());
         }
         auto withdrawn = std::make_unique<v1::MunicipalDemandWithdrawn>();
         withdrawn->set_period_id(request->period_id());
         withdrawn->set_municipality_nis_code(nis);
         withdrawn->set_reason(reason);
         service::Facts facts;
         facts.push_back(std::move(withdrawn));
         return facts;
       },
       .answer = service::AnswerVersion<std::string>(response)});
}

}  // namespace stem::subsidy
