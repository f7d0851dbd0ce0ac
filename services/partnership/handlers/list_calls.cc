#include "contexts/partnership/call_state.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::ListCalls(grpc::ServerContext* context,
                                               const v1::ListCallsRequest* request,
                                               v1::ListCallsResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();
        std::string last;
        bool more = false;
        absl::Status scanned = ScanCalls(
            state, *after, [&](const v1::Call& call) -> absl::StatusOr<projection::Visit> {
              if (response->calls_size() == *page_size) {
                more = true;
                return projection::Visit::kStop;
              }
              v1::Call* listed = response->add_calls();
              *listed = call;
              listed->set_remaining_cents(call.opened().budget_cents() - call.approved_cents());
              last = call.opened().call_id();
              return projection::Visit::kContinue;
            });
        if (!scanned.ok()) return scanned;
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
