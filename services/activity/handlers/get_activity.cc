#include "contexts/activity/activity_access.h"
#include "contexts/activity/activity_state.h"
#include "contexts/activity/child_minutes_view.h"
#include "libs/service/call.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::GetActivity(grpc::ServerContext* context,
                                              const v1::GetActivityRequest* request,
                                              v1::GetActivityResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto activity = RequireActivity(state, request->activity_id());
        if (!activity.ok()) return activity.status();
        if (absl::Status reader = RequireReader(call.principal, *activity, municipalities_);
            !reader.ok()) {
          return reader;
        }
        ChildMinutesCalculator calculator(state);
        for (v1::ActivitySession& session : *activity->mutable_sessions()) {
          auto minutes = calculator.Compute(*activity, session);
          if (!minutes.ok()) return minutes.status();
          *session.mutable_child_minutes() = std::move(*minutes);
        }
        *response->mutable_activity() = std::move(*activity);
        return absl::OkStatus();
      });
}

}  // namespace stem::activity
