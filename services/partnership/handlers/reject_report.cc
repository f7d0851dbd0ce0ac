#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/report_rules.h"
#include "libs/clock/clock.h"
#include "libs/service/command_frame.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::RejectReport(grpc::ServerContext* context,
                                                  const v1::RejectReportRequest* request,
                                                  v1::RejectReportResponse* response) {
  return service::ServeCommand<service::NothingPrepared>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call&) -> absl::StatusOr<service::NothingPrepared> {
         if (absl::Status reason = RequireReason(request->reason()); !reason.ok()) return reason;
         return service::NothingPrepared{};
       },
       .target =
           [&](const service::NothingPrepared&) {
             return PartnershipTarget(request->partnership_id(),
                                      service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const service::NothingPrepared&,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto decided = DecideOnReport<v1::ReportRejected>(
             decision.state, request->partnership_id(), request->report_id(), request->reason(),
             clock::LocalDate(decision.now));
         if (!decided.ok()) return decided.status();
         service::Facts facts;
         facts.push_back(std::make_unique<v1::ReportRejected>(*std::move(decided)));
         return facts;
       },
       .answer = service::AnswerVersion<service::NothingPrepared>(response)});
}

}  // namespace stem::partnership
