#include "contexts/subsidy/demand_state.h"
#include "contexts/subsidy/period_state.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::ListDemand(grpc::ServerContext* context,
                                            const v1::ListDemandRequest* request,
                                            v1::ListDemandResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        if (auto period = RequirePeriod(state, request->period_id()); !period.ok()) {
          return period.status();
        }
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();
        std::string last;
        bool more = false;
        absl::Status scanned = ScanDemand(
            state, request->period_id(), *after,
            [&](const v1::Demand& demand) -> absl::StatusOr<projection::Visit> {
              if (demand.state() != v1::DEMAND_STATE_REGISTERED && !request->include_withdrawn()) {
                return projection::Visit::kContinue;
              }
              if (response->demand_size() == *page_size) {
                more = true;
                return projection::Visit::kStop;
              }
              *response->add_demand() = demand;
              last = demand.municipality_nis_code();
              return projection::Visit::kContinue;
            });
        if (!scanned.ok()) return scanned;
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
