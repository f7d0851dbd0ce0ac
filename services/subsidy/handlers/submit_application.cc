#include "contexts/recognition/recognition_history.h"
#include "contexts/subsidy/application_state.h"
#include "contexts/subsidy/period_state.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/domain/recognition_rules.h"
#include "libs/service/command_frame.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::SubmitApplication(grpc::ServerContext* context,
                                                   const v1::SubmitApplicationRequest* request,
                                                   v1::SubmitApplicationResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  // Prepared: the normalised KBO number.
  return service::ServeCommand<std::string>(
      authenticator_, context, *request, request->request_id(),
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER}, runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<std::string> {
         auto kbo = domain::NormalizeKbo(request->academy_kbo());
         if (!kbo.ok()) return kbo.status();
         if (absl::Status self = service::RequireSelfOrOfficer(call.principal, *kbo); !self.ok()) {
           return self;
         }
         if (request->has_requested_cents() && request->requested_cents() <= 0) {
           return MakeError(absl::StatusCode::kInvalidArgument, "AMOUNT_INVALID",
                            "a requested amount is a positive number of cents; leave it out to "
                            "request no particular amount");
         }
         if (absl::Status fresh = CatchUpWithOtherContexts(call.deadline); !fresh.ok()) {
           return fresh;
         }
         return kbo;
       },
       .target =
           [&](const std::string& kbo) {
             return Target(kApplicationAggregate, ApplicationId(request->period_id(), kbo),
                           service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const std::string& kbo,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto period = RequirePeriod(decision.state, request->period_id());
         if (!period.ok()) return period.status();
         if (absl::Status open = RequireWindowOpen(*period, decision.now); !open.ok()) {
           return open;
         }
         const absl::CivilDay today = clock::LocalDate(decision.now);
         auto history = recognition::LoadRecognitionHistory(decision.state, kbo);
         if (!history.ok()) return history.status();
         if (!domain::RecognitionOn(*history, today).recognised()) {
           return MakeError(absl::StatusCode::kFailedPrecondition, "NOT_RECOGNISED",
                            "academy " + kbo + " is not recognised today (" +
                                clock::FormatDate(today) + "); only a recognised academy applies");
         }
         auto submitted = std::make_unique<v1::SubsidyApplicationSubmitted>();
         submitted->set_period_id(request->period_id());
         submitted->set_academy_kbo(kbo);
         if (request->has_requested_cents()) {
           submitted->set_requested_cents(request->requested_cents());
         }
         submitted->set_submitted_on(clock::FormatDate(today));
         service::Facts facts;
         facts.push_back(std::move(submitted));
         return facts;
       },
       .answer = [&](const std::string& kbo,
                     const service::CommandOutcome& outcome) -> absl::Status {
         response->set_application_id(ApplicationId(request->period_id(), kbo));
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::subsidy
