#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/partnership_view.h"
#include "libs/service/call.h"
#include "services/partnership/partnership_access.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::GetPartnership(grpc::ServerContext* context,
                                                    const v1::GetPartnershipRequest* request,
                                                    v1::GetPartnershipResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto day = DateOrToday(request->date());
        if (!day.ok()) return day.status();
        auto partnership = RequirePartnership(state, request->partnership_id());
        if (!partnership.ok()) return partnership.status();
        if (absl::Status reader =
                RequireReader(call.principal, partnership->application(), municipalities_);
            !reader.ok()) {
          return reader;
        }
        if (absl::Status view = CompleteView(state, *day, *partnership); !view.ok()) {
          return view;
        }
        *response->mutable_partnership() = std::move(*partnership);
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
