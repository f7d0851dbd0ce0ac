#include "contexts/activity/activity_state.h"
#include "contexts/activity/activity_validation.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/command_frame.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::RegisterActivity(grpc::ServerContext* context,
                                                   const v1::RegisterActivityRequest* request,
                                                   v1::RegisterActivityResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeBoundCommand(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      [&](const service::Call& call) { return BindRegisterActivity(call, request, response); });
}

absl::StatusOr<service::BoundCommand> ActivityServiceImpl::BindRegisterActivity(
    const service::Call& caller, const v1::RegisterActivityRequest* request,
    v1::RegisterActivityResponse* response) {
  return service::Bind<v1::ActivityRegistered>(
      {.prepare = [this,
                   request](const service::Call& call) -> absl::StatusOr<v1::ActivityRegistered> {
         auto kbo = domain::NormalizeKbo(request->academy_kbo());
         if (!kbo.ok()) return kbo.status();
         if (absl::Status own = service::RequireSelfOrOfficer(call.principal, *kbo); !own.ok()) {
           return own;
         }
         auto fact = ValidateRegistration(*request, municipalities_);
         if (!fact.ok()) return fact.status();
         // Derived from the request id: a retry names the same aggregate, where the command
         // processor finds the earlier answer.
         fact->set_activity_id(ActivityIdFor(*kbo, request->request_id()));
         return fact;
       },
       .target =
           [this](const v1::ActivityRegistered& fact) {
             return ActivityTarget(fact.activity_id(), std::nullopt);
           },
       .decide = [](const service::Call&, const v1::ActivityRegistered& fact,
                    const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         if (decision.version != 0) {
           // Another request of this academy hashed to the same id (or the same request id
           // was reused after its record was lost): never overwrite.
           return MakeError(absl::StatusCode::kAlreadyExists, "ACTIVITY_EXISTS",
                            "activity " + fact.activity_id() + " exists; use a new request id");
         }
         service::Facts facts;
         facts.push_back(std::make_unique<v1::ActivityRegistered>(fact));
         return facts;
       },
       .answer = [response](const v1::ActivityRegistered& fact,
                            const service::CommandOutcome& outcome) -> absl::Status {
         response->set_activity_id(fact.activity_id());
         for (const v1::Session& session : fact.sessions()) {
           response->add_session_ids(session.session_id());
         }
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }},
      caller, *request, request->request_id());
}

}  // namespace stem::activity
