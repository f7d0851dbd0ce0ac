#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/application_validation.h"
#include "contexts/recognition/grant_decision.h"
#include "contexts/recognition/pending_application.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/command_frame.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::GrantRecognition(grpc::ServerContext* context,
                                                      const v1::GrantRecognitionRequest* request,
                                                      v1::GrantRecognitionResponse* response) {
  // Prepared: the normalised KBO number.
  return service::ServeCommand<std::string>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call&) -> absl::StatusOr<std::string> {
         auto kbo = domain::NormalizeKbo(request->kbo());
         if (!kbo.ok()) return kbo.status();
         if (absl::Status kind = RequireGrantKind(request->kind()); !kind.ok()) return kind;
         if (absl::Status reason = RequireReason(request->reason()); !reason.ok()) return reason;
         return kbo;
       },
       .target =
           [&](const std::string& kbo) { return Target(kbo, service::ExpectedVersion(*request)); },
       .decide = [&](const service::Call&, const std::string& kbo,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto academy = RequireAcademy(decision.state, kbo);
         if (!academy.ok()) return academy.status();
         if (absl::Status pending = RequirePending(*academy, request->application_id());
             !pending.ok()) {
           return pending;
         }
         auto terms = DecideGrantTerms(request->kind(), !academy->grants().empty(),
                                       clock::LocalDate(decision.now));
         if (!terms.ok()) return terms.status();
         auto granted = std::make_unique<v1::RecognitionGranted>();
         granted->set_application_id(request->application_id());
         granted->set_kind(request->kind());
         granted->set_valid_from(clock::FormatDate(terms->valid_from));
         granted->set_valid_until(clock::FormatDate(terms->valid_until));
         granted->set_reason(request->reason());
         service::Facts facts;
         facts.push_back(std::move(granted));
         return facts;
       },
       .answer = [&](const std::string& kbo,
                     const service::CommandOutcome& outcome) -> absl::Status {
         auto academy = RequireAcademy(runtime_.state(), kbo);
         if (!academy.ok()) return academy.status();
         for (const v1::Grant& grant : academy->grants()) {
           if (grant.decided_at_version() == outcome.record.first_version()) {
             response->set_valid_from(grant.valid_from());
             response->set_valid_until(grant.valid_until());
           }
         }
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::recognition
