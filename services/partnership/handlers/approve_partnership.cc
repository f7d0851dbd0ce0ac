#include "absl/strings/str_cat.h"
#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/call_state.h"
#include "contexts/partnership/decision_rules.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::ApprovePartnership(
    grpc::ServerContext* context, const v1::ApprovePartnershipRequest* request,
    v1::ApprovePartnershipResponse* response) {
  struct Prepared {
    absl::CivilDay start;
    v1::Partnership partnership;
  };
  return service::ServeCommand<Prepared>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<Prepared> {
         if (request->approved_cents() <= 0) {
           return MakeError(
               absl::StatusCode::kInvalidArgument, "AMOUNT_INVALID",
               absl::StrCat("approved_cents must be positive, not ", request->approved_cents()));
         }
         auto start = clock::ParseDate(request->project_start());
         if (!start.ok()) return start.status();
         if (absl::Status fresh = CatchUpWithOtherAggregates(call.deadline); !fresh.ok()) {
           return fresh;
         }
         // The decision is a fact of the application's call; an application's call never
         // changes.
         auto partnership = RequirePartnership(runtime_.state(), request->partnership_id());
         if (!partnership.ok()) return partnership.status();
         return Prepared{*start, *std::move(partnership)};
       },
       .target =
           [&](const Prepared& prepared) {
             return CallTarget(prepared.partnership.application().call_id(),
                               service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const Prepared& prepared,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         const std::string& call_id = prepared.partnership.application().call_id();
         auto target = RequireCall(decision.state, call_id);
         if (!target.ok()) return target.status();
         if (absl::Status undecided =
                 RequireUndecided(decision.state, call_id, prepared.partnership.partnership_id());
             !undecided.ok()) {
           return undecided;
         }
         const absl::CivilDay today = clock::LocalDate(decision.now);
         auto inputs = GatherApprovalInputs(decision.state, *target,
                                            prepared.partnership.application(), today);
         if (!inputs.ok()) return inputs.status();
         auto approved = DecideApproval(*inputs, request->approved_cents(), prepared.start, today);
         if (!approved.ok()) return approved.status();
         approved->set_reason(Trimmed(request->reason()));
         service::Facts facts;
         facts.push_back(std::make_unique<v1::PartnershipApproved>(std::move(*approved)));
         return facts;
       },
       .answer = [&](const Prepared& prepared,
                     const service::CommandOutcome& outcome) -> absl::Status {
         // Read back, so that a repeated request is answered with the first one's period.
         auto decided = LoadDecision(runtime_.state(), prepared.partnership.application().call_id(),
                                     prepared.partnership.partnership_id());
         if (!decided.ok()) return decided.status();
         if (*decided) {
           response->set_project_start((*decided)->approval().project_start());
           response->set_project_end((*decided)->approval().project_end());
         }
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::partnership
