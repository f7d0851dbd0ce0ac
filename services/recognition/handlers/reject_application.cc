#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/application_validation.h"
#include "contexts/recognition/pending_application.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/command_frame.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::RejectApplication(grpc::ServerContext* context,
                                                       const v1::RejectApplicationRequest* request,
                                                       v1::RejectApplicationResponse* response) {
  // Prepared: the normalised KBO number.
  return service::ServeCommand<std::string>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call&) -> absl::StatusOr<std::string> {
         auto kbo = domain::NormalizeKbo(request->kbo());
         if (!kbo.ok()) return kbo.status();
         if (request->reason_codes().empty()) {
           return MakeError(absl::StatusCode::kInvalidArgument, "REASON_CODES_MISSING",
                            "a rejection names at least one reason code");
         }
         for (int code : request->reason_codes()) {
           if (code == v1::REJECTION_REASON_UNSPECIFIED || !v1::RejectionReason_IsValid(code)) {
             return MakeError(absl::StatusCode::kInvalidArgument, "REASON_CODES_MISSING",
                              "reason codes are INCOMPLETE, NOT_STEM, NOT_OUTSIDE_SCHOOL_HOURS, "
                              "NOT_OPEN_TO_EVERY_CHILD, NO_TRAJECTORIES or OTHER");
           }
         }
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
         auto rejected = std::make_unique<v1::ApplicationRejected>();
         rejected->set_application_id(request->application_id());
         *rejected->mutable_reason_codes() = request->reason_codes();
         rejected->set_reason(request->reason());
         rejected->set_decided_on(clock::FormatDate(clock::LocalDate(decision.now)));
         service::Facts facts;
         facts.push_back(std::move(rejected));
         return facts;
       },
       .answer = service::AnswerVersion<std::string>(response)});
}

}  // namespace stem::recognition
