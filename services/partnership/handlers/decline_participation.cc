#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::DeclineParticipation(
    grpc::ServerContext* context, const v1::DeclineParticipationRequest* request,
    v1::DeclineParticipationResponse* response) {
  // The partner itself, never an officer for it (rulebook section 6).
  const ParticipationAnswer answer{request->partnership_id(), request->partner_kbo(),
                                   service::ExpectedVersion(*request), /*confirm=*/false,
                                   request->reason()};
  service::Command<std::string> command = ParticipationCommand(answer);
  command.answer = service::AnswerVersion<std::string>(response);
  return service::ServeCommand(authenticator_, context, *request, request->request_id(),
                               {identity::v1::ACTOR_ROLE_ACADEMY}, runtime_.commands(), command);
}

}  // namespace stem::partnership
