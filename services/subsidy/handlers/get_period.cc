#include "contexts/subsidy/application_state.h"
#include "contexts/subsidy/demand_state.h"
#include "contexts/subsidy/period_state.h"
#include "libs/service/call.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::GetPeriod(grpc::ServerContext* context,
                                           const v1::GetPeriodRequest* request,
                                           v1::GetPeriodResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        auto period = RequirePeriod(state, request->period_id());
        if (!period.ok()) return period.status();
        auto times = TimesOf(period->terms());
        if (!times.ok()) return times.status();
        period->set_window_state(WindowStateAt(*times, runtime_.clock().Now()));
        absl::Status scanned = ScanApplications(
            state, request->period_id(), "",
            [&](const v1::Application& application) -> absl::StatusOr<projection::Visit> {
              if (application.state() == v1::APPLICATION_STATE_SUBMITTED) {
                period->set_applications(period->applications() + 1);
              } else {
                period->set_applications_withdrawn(period->applications_withdrawn() + 1);
              }
              return projection::Visit::kContinue;
            });
        if (!scanned.ok()) return scanned;
        auto demand = StandingDemand(state, request->period_id());
        if (!demand.ok()) return demand.status();
        period->set_demand_registered(static_cast<int32_t>(demand->size()));
        *response->mutable_period() = std::move(*period);
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
