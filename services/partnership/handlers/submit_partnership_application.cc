#include "absl/strings/str_cat.h"
#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::SubmitPartnershipApplication(
    grpc::ServerContext* context, const v1::SubmitPartnershipApplicationRequest* request,
    v1::SubmitPartnershipApplicationResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeCommand<v1::PartnershipApplicationSubmitted>(
      authenticator_, context, *request, request->request_id(),
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER}, runtime_.commands(),
      {.prepare =
           [&](const service::Call& call) -> absl::StatusOr<v1::PartnershipApplicationSubmitted> {
         auto lead = domain::NormalizeKbo(request->lead_kbo());
         if (!lead.ok()) return lead.status();
         if (absl::Status own = service::RequireSelfOrOfficer(call.principal, *lead); !own.ok()) {
           return own;
         }
         auto fact = ValidateApplication(*request, municipalities_, Today());
         if (!fact.ok()) return fact.status();
         // The call is another aggregate: its parameters never change once opened.
         if (absl::Status fresh = CatchUpWithOtherAggregates(call.deadline); !fresh.ok()) {
           return fresh;
         }
         // Derived from the request id: a retry names the same aggregate, where the command
         // processor finds the earlier answer.
         fact->set_partnership_id(PartnershipIdFor(*lead, request->request_id()));
         return fact;
       },
       .target =
           [&](const v1::PartnershipApplicationSubmitted& fact) {
             return PartnershipTarget(fact.partnership_id(), std::nullopt);
           },
       .decide = [&](const service::Call&, const v1::PartnershipApplicationSubmitted& fact,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         if (decision.version != 0) {
           // Another request of this lead hashed to the same id: never overwrite.
           return MakeError(
               absl::StatusCode::kAlreadyExists, "PARTNERSHIP_EXISTS",
               "partnership " + fact.partnership_id() + " exists; use a new request id");
         }
         auto target = RequireCall(decision.state, fact.call_id());
         if (!target.ok()) return target.status();
         const int64_t maximum = target->opened().max_per_project_cents();
         if (fact.requested_cents() > maximum) {
           return MakeError(absl::StatusCode::kInvalidArgument, "REQUEST_ABOVE_MAXIMUM",
                            absl::StrCat("call ", fact.call_id(), " funds a project with at most ",
                                         maximum, " cents, not ", fact.requested_cents()));
         }
         auto submitted = std::make_unique<v1::PartnershipApplicationSubmitted>(fact);
         submitted->set_submitted_on(clock::FormatDate(clock::LocalDate(decision.now)));
         service::Facts facts;
         facts.push_back(std::move(submitted));
         return facts;
       },
       .answer = [&](const v1::PartnershipApplicationSubmitted& fact,
                     const service::CommandOutcome& outcome) -> absl::Status {
         response->set_partnership_id(fact.partnership_id());
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::partnership
