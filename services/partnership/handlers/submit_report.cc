#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/report_rules.h"
#include "contexts/partnership/report_validation.h"
#include "libs/clock/clock.h"
#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::SubmitReport(grpc::ServerContext* context,
                                                  const v1::SubmitReportRequest* request,
                                                  v1::SubmitReportResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeCommand<v1::ReportSubmitted>(
      authenticator_, context, *request, request->request_id(),
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER}, runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<v1::ReportSubmitted> {
         auto fact = ValidateReport(*request, municipalities_, Today());
         if (!fact.ok()) return fact.status();
         // The call's decision and the register of activities are other aggregates.
         if (absl::Status fresh = CatchUpWithOtherAggregates(call.deadline); !fresh.ok()) {
           return fresh;
         }
         auto known = PartnershipForLead(call.principal, request->partnership_id());
         if (!known.ok()) return known.status();
         return fact;
       },
       .target =
           [&](const v1::ReportSubmitted&) {
             return PartnershipTarget(request->partnership_id(),
                                      service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const v1::ReportSubmitted& fact,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto partnership = RequirePartnership(decision.state, request->partnership_id());
         if (!partnership.ok()) return partnership.status();
         const v1::PartnershipApplicationSubmitted& application = partnership->application();
         auto decided =
             LoadDecision(decision.state, application.call_id(), request->partnership_id());
         if (!decided.ok()) return decided.status();
         const absl::CivilDay today = clock::LocalDate(decision.now);
         if (absl::Status allowed =
                 RequireReportAllowed(*partnership, *decided, fact.kind(), today);
             !allowed.ok()) {
           return allowed;
         }
         if (absl::Status activities =
                 RequireActivitiesOfPartnership(decision.state, application, fact);
             !activities.ok()) {
           return activities;
         }
         auto submitted = std::make_unique<v1::ReportSubmitted>(fact);
         submitted->set_report_id(ReportIdFor(fact.kind(), decision.version + 1));
         submitted->set_submitted_on(clock::FormatDate(today));
         service::Facts facts;
         facts.push_back(std::move(submitted));
         return facts;
       },
       .answer = [&](const v1::ReportSubmitted& fact,
                     const service::CommandOutcome& outcome) -> absl::Status {
         response->set_report_id(ReportIdFor(fact.kind(), outcome.record.first_version()));
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::partnership
