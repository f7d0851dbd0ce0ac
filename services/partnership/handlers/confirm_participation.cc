#include "libs/service/call.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::ConfirmParticipation(
    grpc::ServerContext* context, const v1::ConfirmParticipationRequest* request,
    v1::ConfirmParticipationResponse* response) {
  // The partner itself, never an officer for it (rulebook section 6).
  return service::Serve(authenticator_, context, *request, {events::v1::ACTOR_ROLE_ACADEMY},
                        [&](const service::Call& call) -> absl::Status {
                          auto version = AnswerParticipation(
                              call, {*request, request->request_id(), request->partnership_id(),
                                     request->partner_kbo(), service::ExpectedVersion(*request),
                                     /*confirm=*/true, ""});
                          if (!version.ok()) return version.status();
                          response->set_version(*version);
                          return absl::OkStatus();
                        });
}

}  // namespace stem::partnership
