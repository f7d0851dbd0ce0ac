#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/call_state.h"
#include "contexts/partnership/decision_rules.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/clock.h"
#include "libs/service/call.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::RejectPartnership(grpc::ServerContext* context,
                                                       const v1::RejectPartnershipRequest* request,
                                                       v1::RejectPartnershipResponse* response) {
  return service::Serve(
      authenticator_, context, *request, {events::v1::ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        if (absl::Status reason = RequireReason(request->reason()); !reason.ok()) return reason;
        if (absl::Status fresh = CatchUpWithOtherAggregates(call.deadline); !fresh.ok()) {
          return fresh;
        }
        auto partnership = RequirePartnership(runtime_.state(), request->partnership_id());
        if (!partnership.ok()) return partnership.status();
        const v1::PartnershipApplicationSubmitted& application = partnership->application();
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request,
            CallTarget(application.call_id(), service::ExpectedVersion(*request)),
            [&](const service::Decision& decision) -> absl::StatusOr<service::Facts> {
              if (absl::Status undecided = RequireUndecided(decision.state, application.call_id(),
                                                            partnership->partnership_id());
                  !undecided.ok()) {
                return undecided;
              }
              auto rejected = std::make_unique<v1::PartnershipRejected>();
              rejected->set_call_id(application.call_id());
              rejected->set_partnership_id(partnership->partnership_id());
              rejected->set_lead_kbo(application.lead_kbo());
              rejected->set_reason(Trimmed(request->reason()));
              rejected->set_decided_on(clock::FormatDate(clock::LocalDate(decision.now)));
              service::Facts facts;
              facts.push_back(std::move(rejected));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
