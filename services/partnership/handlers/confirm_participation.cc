#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::ConfirmParticipation(
    grpc::ServerContext* context, const v1::ConfirmParticipationRequest* request,
    v1::ConfirmParticipationResponse* response) {
  // The partner itself, never an officer for it (rulebook section 6).
  const std::string no_reason;
  const ParticipationAnswer answer{request->partnership_id(), request->partner_kbo(),
                                   service::ExpectedVersion(*request), /*confirm=*/true, no_reason};
  service::Command<std::string> command = ParticipationCommand(answer);
  command.answer = service::AnswerVersion<std::string>(response);
  return service::ServeCommand(authenticator_, context, *request, request->request_id(),
                               {identity::v1::ACTOR_ROLE_ACADEMY}, runtime_.commands(), command);
}

}  // namespace stem::partnership
