#include "contexts/partnership/call_validation.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/service/call.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::OpenCall(grpc::ServerContext* context,
                                              const v1::OpenCallRequest* request,
                                              v1::OpenCallResponse* response) {
  return service::Serve(
      authenticator_, context, *request, {events::v1::ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto fact = ValidateCall(*request);
        if (!fact.ok()) return fact.status();
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request,
            CallTarget(fact->call_id(), std::nullopt),
            [&](const service::Decision& decision) -> absl::StatusOr<service::Facts> {
              if (decision.version != 0) {
                return MakeError(absl::StatusCode::kAlreadyExists, "CALL_EXISTS",
                                 "call " + fact->call_id() + " was opened before");
              }
              auto opened = std::make_unique<v1::CallOpened>(*fact);
              opened->set_opened_on(clock::FormatDate(clock::LocalDate(decision.now)));
              service::Facts facts;
              facts.push_back(std::move(opened));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
