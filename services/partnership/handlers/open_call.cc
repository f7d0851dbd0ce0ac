#include "contexts/partnership/call_validation.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::OpenCall(grpc::ServerContext* context,
                                              const v1::OpenCallRequest* request,
                                              v1::OpenCallResponse* response) {
  return service::ServeCommand<v1::CallOpened>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call&) { return ValidateCall(*request); },
       .target =
           [&](const v1::CallOpened& fact) { return CallTarget(fact.call_id(), std::nullopt); },
       .decide = [&](const service::Call&, const v1::CallOpened& fact,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         if (decision.version != 0) {
           return MakeError(absl::StatusCode::kAlreadyExists, "CALL_EXISTS",
                            "call " + fact.call_id() + " was opened before");
         }
         auto opened = std::make_unique<v1::CallOpened>(fact);
         opened->set_opened_on(clock::FormatDate(clock::LocalDate(decision.now)));
         service::Facts facts;
         facts.push_back(std::move(opened));
         return facts;
       },
       .answer = service::AnswerVersion<v1::CallOpened>(response)});
}

}  // namespace stem::partnership
