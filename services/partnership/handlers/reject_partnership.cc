#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/call_state.h"
#include "contexts/partnership/decision_rules.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/clock.h"
#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::RejectPartnership(grpc::ServerContext* context,
                                                       const v1::RejectPartnershipRequest* request,
                                                       v1::RejectPartnershipResponse* response) {
  // Prepared: the partnership, whose call decides.
  return service::ServeCommand<v1::Partnership>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<v1::Partnership> {
         if (absl::Status reason = RequireReason(request->reason()); !reason.ok()) return reason;
         if (absl::Status fresh = CatchUpWithOtherAggregates(call.deadline); !fresh.ok()) {
           return fresh;
         }
         return RequirePartnership(runtime_.state(), request->partnership_id());
       },
       .target =
           [&](const v1::Partnership& partnership) {
             return CallTarget(partnership.application().call_id(),
                               service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const v1::Partnership& partnership,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         const v1::PartnershipApplicationSubmitted& application = partnership.application();
         if (absl::Status undecided = RequireUndecided(decision.state, application.call_id(),
                                                       partnership.partnership_id());
             !undecided.ok()) {
           return undecided;
         }
         auto rejected = std::make_unique<v1::PartnershipRejected>();
         rejected->set_call_id(application.call_id());
         rejected->set_partnership_id(partnership.partnership_id());
         rejected->set_lead_kbo(application.lead_kbo());
         rejected->set_reason(Trimmed(request->reason()));
         rejected->set_decided_on(clock::FormatDate(clock::LocalDate(decision.now)));
         service::Facts facts;
         facts.push_back(std::move(rejected));
         return facts;
       },
       .answer = service::AnswerVersion<v1::Partnership>(response)});
}

}  // namespace stem::partnership
