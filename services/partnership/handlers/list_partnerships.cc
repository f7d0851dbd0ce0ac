#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/partnership_view.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/partnership/partnership_access.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::ListPartnerships(grpc::ServerContext* context,
                                                      const v1::ListPartnershipsRequest* request,
                                                      v1::ListPartnershipsResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        std::string lead;
        if (!request->lead_kbo().empty()) {
          auto kbo = domain::NormalizeKbo(request->lead_kbo());
          if (!kbo.ok()) return kbo.status();
          lead = *kbo;
        }
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();
        const absl::CivilDay today = Today();
        std::string last;
        bool more = false;
        // Calls have tens of applications and a year a few calls: a scan of all of them,
        // filtered, is cheap.
        absl::Status scanned = ScanPartnerships(
            state, *after, [&](v1::Partnership partnership) -> absl::StatusOr<projection::Visit> {
              const v1::PartnershipApplicationSubmitted& application = partnership.application();
              if (!request->call_id().empty() && application.call_id() != request->call_id()) {
                return projection::Visit::kContinue;
              }
              if (!lead.empty() && application.lead_kbo() != lead)
                return projection::Visit::kContinue;
              // Each caller sees the partnerships GetPartnership would show it.
              if (!MayRead(call.principal, application, municipalities_))
                return projection::Visit::kContinue;
              if (response->partnerships_size() == *page_size) {
                more = true;
                return projection::Visit::kStop;
              }
              if (absl::Status completed = CompleteView(state, today, partnership);
                  !completed.ok()) {
                return completed;
              }
              *response->add_partnerships() = SummaryOf(partnership);
              last = partnership.partnership_id();
              return projection::Visit::kContinue;
            });
        if (!scanned.ok()) return scanned;
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
