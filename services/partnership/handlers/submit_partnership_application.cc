#include "absl/strings/str_cat.h"
#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::SubmitPartnershipApplication(
    grpc::ServerContext* context, const v1::SubmitPartnershipApplicationRequest* request,
    v1::SubmitPartnershipApplicationResponse* response) {
  using events::v1::ACTOR_ROLE_ACADEMY;
  using events::v1::ACTOR_ROLE_OFFICER;
  return service::Serve(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
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
        const std::string partnership_id = PartnershipIdFor(*lead, request->request_id());
        fact->set_partnership_id(partnership_id);
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request,
            PartnershipTarget(partnership_id, std::nullopt),
            [&](const service::Decision& decision) -> absl::StatusOr<service::Facts> {
              if (decision.version != 0) {
                // Another request of this lead hashed to the same id: never overwrite.
                return MakeError(absl::StatusCode::kAlreadyExists, "PARTNERSHIP_EXISTS",
                                 "partnership " + partnership_id + " exists; use a new request id");
              }
              auto target = RequireCall(decision.state, fact->call_id());
              if (!target.ok()) return target.status();
              const int64_t maximum = target->opened().max_per_project_cents();
              if (fact->requested_cents() > maximum) {
                return MakeError(
                    absl::StatusCode::kInvalidArgument, "REQUEST_ABOVE_MAXIMUM",
                    absl::StrCat("call ", fact->call_id(), " funds a project with at most ",
                                 maximum, " cents, not ", fact->requested_cents()));
              }
              auto submitted = std::make_unique<v1::PartnershipApplicationSubmitted>(*fact);
              submitted->set_submitted_on(clock::FormatDate(clock::LocalDate(decision.now)));
              service::Facts facts;
              facts.push_back(std::move(submitted));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_partnership_id(partnership_id);
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
