#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/subsidy_validation.h"
#include "libs/common/error.h"
#include "libs/service/command_frame.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::OpenPeriod(grpc::ServerContext* context,
                                            const v1::OpenPeriodRequest* request,
                                            v1::OpenPeriodResponse* response) {
  return service::ServeCommand<v1::PeriodOpened>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call&) { return ValidateOpenPeriod(*request); },
       .target =
           [&](const v1::PeriodOpened& opened) {
             return Target(kPeriodAggregate, opened.period_id(), std::nullopt);
           },
       .decide = [&](const service::Call&, const v1::PeriodOpened& opened,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         if (decision.version != 0) {
           return MakeError(
               absl::StatusCode::kAlreadyExists, "PERIOD_EXISTS",
               "a period with id " + opened.period_id() + " exists; periods are opened once");
         }
         service::Facts facts;
         facts.push_back(std::make_unique<v1::PeriodOpened>(opened));
         return facts;
       },
       .answer = [&](const v1::PeriodOpened& opened,
                     const service::CommandOutcome& outcome) -> absl::Status {
         response->set_period_id(opened.period_id());
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::subsidy
