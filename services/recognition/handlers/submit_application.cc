#include "absl/strings/str_cat.h"
#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/application_validation.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/command_frame.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::SubmitApplication(grpc::ServerContext* context,
                                                       const v1::SubmitApplicationRequest* request,
                                                       v1::SubmitApplicationResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeBoundCommand(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      [&](const service::Call& call) { return BindSubmitApplication(call, request, response); });
}

absl::StatusOr<service::BoundCommand> RecognitionServiceImpl::BindSubmitApplication(
    const service::Call& caller, const v1::SubmitApplicationRequest* request,
    v1::SubmitApplicationResponse* response) {
  struct Prepared {
    std::string kbo;
    v1::ApplicationSubmitted fact;
  };
  return service::Bind<Prepared>(
      {.prepare = [this, request](const service::Call& call) -> absl::StatusOr<Prepared> {
         auto kbo = domain::NormalizeKbo(request->kbo());
         if (!kbo.ok()) return kbo.status();
         if (absl::Status own = service::RequireSelfOrOfficer(call.principal, *kbo); !own.ok()) {
           return own;
         }
         auto fact = ValidateApplication(*request, municipalities_, Today());
         if (!fact.ok()) return fact.status();
         return Prepared{*std::move(kbo), *std::move(fact)};
       },
       .target =
           [this, request](const Prepared& prepared) {
             return Target(prepared.kbo, service::ExpectedVersion(*request));
           },
       .decide = [](const service::Call&, const Prepared& prepared,
                    const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto academy = LoadAcademy(decision.state, prepared.kbo);
         if (!academy.ok()) return academy.status();
         if (*academy) {
           for (const v1::Application& application : (*academy)->applications()) {
             if (application.state() == v1::APPLICATION_STATE_PENDING) {
               return MakeError(absl::StatusCode::kAlreadyExists, "APPLICATION_PENDING",
                                "application " + application.submitted().application_id() +
                                    " is still waiting for a decision");
             }
           }
         }
         auto submitted = std::make_unique<v1::ApplicationSubmitted>(prepared.fact);
         // Named after the version its submission takes: unique, and derivable from the
         // command's outcome when the request is repeated.
         submitted->set_application_id(absl::StrCat(prepared.kbo, "-", decision.version + 1));
         submitted->set_submitted_on(clock::FormatDate(clock::LocalDate(decision.now)));
         service::Facts facts;
         facts.push_back(std::move(submitted));
         return facts;
       },
       .answer = [response](const Prepared& prepared,
                            const service::CommandOutcome& outcome) -> absl::Status {
         response->set_application_id(
             absl::StrCat(prepared.kbo, "-", outcome.record.first_version()));
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }},
      caller, *request, request->request_id());
}

}  // namespace stem::recognition
