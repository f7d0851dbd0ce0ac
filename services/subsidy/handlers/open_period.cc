#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/subsidy_validation.h"
#include "libs/common/error.h"
#include "libs/service/call.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::OpenPeriod(grpc::ServerContext* context,
                                            const v1::OpenPeriodRequest* request,
                                            v1::OpenPeriodResponse* response) {
  return service::Serve(
      authenticator_, context, *request, {events::v1::ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto opened = ValidateOpenPeriod(*request);
        if (!opened.ok()) return opened.status();
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request,
            Target(kPeriodAggregate, opened->period_id(), std::nullopt),
            [&](const service::Decision& decision) -> absl::StatusOr<service::Facts> {
              if (decision.version != 0) {
                return MakeError(
                    absl::StatusCode::kAlreadyExists, "PERIOD_EXISTS",
                    "a period with id " + opened->period_id() + " exists; periods are opened once");
              }
              service::Facts facts;
              facts.push_back(std::make_unique<v1::PeriodOpened>(*opened));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_period_id(opened->period_id());
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
