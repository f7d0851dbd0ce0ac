#include "absl/strings/str_cat.h"
#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/application_validation.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::SubmitApplication(grpc::ServerContext* context,
                                                       const v1::SubmitApplicationRequest* request,
                                                       v1::SubmitApplicationResponse* response) {
  using events::v1::ACTOR_ROLE_ACADEMY;
  using events::v1::ACTOR_ROLE_OFFICER;
  return service::Serve(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto kbo = domain::NormalizeKbo(request->kbo());
        if (!kbo.ok()) return kbo.status();
        if (absl::Status own = service::RequireSelfOrOfficer(call.principal, *kbo); !own.ok()) {
          return own;
        }
        auto fact = ValidateApplication(*request, municipalities_, Today());
        if (!fact.ok()) return fact.status();
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request,
            Target(*kbo, service::ExpectedVersion(*request)),
            [&](const service::Decision& decision) -> absl::StatusOr<service::Facts> {
              auto academy = LoadAcademy(decision.state, *kbo);
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
              auto submitted = std::make_unique<v1::ApplicationSubmitted>(*fact);
              // Named after the version its submission takes: unique, and derivable from
              // the command's outcome when the request is repeated.
              submitted->set_application_id(absl::StrCat(*kbo, "-", decision.version + 1));
              submitted->set_submitted_on(clock::FormatDate(clock::LocalDate(decision.now)));
              service::Facts facts;
              facts.push_back(std::move(submitted));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_application_id(absl::StrCat(*kbo, "-", outcome->record.first_version()));
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::recognition
