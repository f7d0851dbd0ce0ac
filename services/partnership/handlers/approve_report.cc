#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/report_rules.h"
#include "libs/clock/clock.h"
#include "libs/service/call.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::ApproveReport(grpc::ServerContext* context,
                                                   const v1::ApproveReportRequest* request,
                                                   v1::ApproveReportResponse* response) {
  return service::Serve(
      authenticator_, context, *request, {events::v1::ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request,
            PartnershipTarget(request->partnership_id(), service::ExpectedVersion(*request)),
            [&](const service::Decision& decision) -> absl::StatusOr<service::Facts> {
              auto partnership = RequirePartnership(decision.state, request->partnership_id());
              if (!partnership.ok()) return partnership.status();
              auto report = RequireSubmittedReport(*partnership, request->report_id());
              if (!report.ok()) return report.status();
              auto approved = std::make_unique<v1::ReportApproved>();
              approved->set_partnership_id(partnership->partnership_id());
              approved->set_report_id(request->report_id());
              approved->set_kind((*report)->submitted().kind());
              approved->set_reason(Trimmed(request->reason()));
              approved->set_decided_on(clock::FormatDate(clock::LocalDate(decision.now)));
              service::Facts facts;
              facts.push_back(std::move(approved));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
