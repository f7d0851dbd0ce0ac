#include "contexts/activity/activity_state.h"
#include "contexts/activity/activity_validation.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::RegisterActivity(grpc::ServerContext* context,
                                                   const v1::RegisterActivityRequest* request,
                                                   v1::RegisterActivityResponse* response) {
  using events::v1::ACTOR_ROLE_ACADEMY;
  using events::v1::ACTOR_ROLE_OFFICER;
  return service::Serve(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto kbo = domain::NormalizeKbo(request->academy_kbo());
        if (!kbo.ok()) return kbo.status();
        if (absl::Status own = service::RequireSelfOrOfficer(call.principal, *kbo); !own.ok()) {
          return own;
        }
        auto fact = ValidateRegistration(*request, municipalities_);
        if (!fact.ok()) return fact.status();
        // Derived from the request id: a retry names the same aggregate, where the command
        // processor finds the earlier answer.
        const std::string activity_id = ActivityIdFor(*kbo, request->request_id());
        fact->set_activity_id(activity_id);
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request,
            ActivityTarget(activity_id, std::nullopt),
            [&](const service::Decision& decision) -> absl::StatusOr<service::Facts> {
              if (decision.version != 0) {
                // Another request of this academy hashed to the same id (or the same
                // request id was reused after its record was lost): never overwrite.
                return MakeError(absl::StatusCode::kAlreadyExists, "ACTIVITY_EXISTS",
                                 "activity " + activity_id + " exists; use a new request id");
              }
              service::Facts facts;
              facts.push_back(std::make_unique<v1::ActivityRegistered>(*fact));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_activity_id(activity_id);
        for (const v1::Session& session : fact->sessions()) {
          response->add_session_ids(session.session_id());
        }
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::activity
