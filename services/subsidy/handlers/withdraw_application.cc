#include "contexts/subsidy/application_state.h"
#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/subsidy_validation.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/command_frame.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::WithdrawApplication(grpc::ServerContext* context,
                                                     const v1::WithdrawApplicationRequest* request,
                                                     v1::WithdrawApplicationResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  struct Prepared {
    std::string kbo;
    std::string reason;
  };
  return service::ServeCommand<Prepared>(
      authenticator_, context, *request, request->request_id(),
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER}, runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<Prepared> {
         auto kbo = domain::NormalizeKbo(request->academy_kbo());
         if (!kbo.ok()) return kbo.status();
         if (absl::Status self = service::RequireSelfOrOfficer(call.principal, *kbo); !self.ok()) {
           return self;
         }
         auto reason = ValidateWithdrawalReason(request->reason());
         if (!reason.ok()) return reason.status();
         if (absl::Status fresh = CatchUpWithOtherContexts(call.deadline); !fresh.ok()) {
           return fresh;
         }
         return Prepared{*std::move(kbo), *std::move(reason)};
       },
       .target =
           [&](const Prepared& prepared) {
             return Target(kApplicationAggregate, ApplicationId(request->period_id(), prepared.kbo),
                           service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const Prepared& prepared,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto period = RequirePeriod(decision.state, request->period_id());
         if (!period.ok()) return period.status();
         if (absl::Status open = RequireWindowOpen(*period, decision.now); !open.ok()) {
           return open;
         }
         auto application = LoadApplication(decision.state, request->period_id(), prepared.kbo);
         if (!application.ok()) return application.status();
         if (!*application || (*application)->state() != v1::APPLICATION_STATE_SUBMITTED) {
           return MakeError(absl::StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                            "academy " + prepared.kbo + " has no standing application for period " +
                                request->period_id());
         }
         auto withdrawn = std::make_unique<v1::SubsidyApplicationWithdrawn>();
         withdrawn->set_period_id(request->period_id());
         withdrawn->set_academy_kbo(prepared.kbo);
         withdrawn->set_reason(prepared.reason);
         service::Facts facts;
         facts.push_back(std::move(withdrawn));
         return facts;
       },
       .answer = service::AnswerVersion<Prepared>(response)});
}

}  // namespace stem::subsidy
