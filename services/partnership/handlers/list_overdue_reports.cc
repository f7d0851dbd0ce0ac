#include "absl/strings/str_cat.h"
#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/partnership_view.h"
#include "libs/clock/clock.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/partnership/partnership_access.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::ListOverdueReports(
    grpc::ServerContext* context, const v1::ListOverdueReportsRequest* request,
    v1::ListOverdueReportsResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto day = DateOrToday(request->date());
        if (!day.ok()) return day.status();
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();
        std::string last;
        bool more = false;
        absl::Status scanned = ScanPartnerships(
            state, "", [&](v1::Partnership partnership) -> absl::StatusOr<projection::Visit> {
              // The token names a line of a partnership: the earlier ones are done.
              if (partnership.partnership_id() < after->substr(0, after->find('/')))
                return projection::Visit::kContinue;
              if (!MayRead(call.principal, partnership.application(), municipalities_)) {
                return projection::Visit::kContinue;
              }
              if (absl::Status completed = CompleteView(state, *day, partnership);
                  !completed.ok()) {
                return completed;
              }
              for (const v1::ReportObligation& obligation : partnership.obligations()) {
                if (!obligation.overdue()) continue;
                // Where the line sits in (partnership, interim before final) order.
                const std::string key = absl::StrCat(partnership.partnership_id(), "/",
                                                     static_cast<int>(obligation.kind()));
                if (!after->empty() && key <= *after) continue;
                if (response->reports_size() == *page_size) {
                  more = true;
                  return projection::Visit::kStop;
                }
                v1::OverdueReport* overdue = response->add_reports();
                overdue->set_partnership_id(partnership.partnership_id());
                overdue->set_call_id(partnership.application().call_id());
                overdue->set_lead_kbo(partnership.application().lead_kbo());
                overdue->set_kind(obligation.kind());
                overdue->set_due_date(obligation.due_date());
                overdue->set_status(obligation.status());
                auto due = clock::ParseStoredDate(obligation.due_date(),
                                                  "partnership " + partnership.partnership_id());
                if (!due.ok()) return due.status();
                overdue->set_days_overdue(static_cast<int32_t>(*day - *due));
                last = key;
              }
              return projection::Visit::kContinue;
            });
        if (!scanned.ok()) return scanned;
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
