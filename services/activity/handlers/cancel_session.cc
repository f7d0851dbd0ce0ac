#include "contexts/activity/activity_access.h"
#include "contexts/activity/activity_state.h"
#include "contexts/activity/activity_validation.h"
#include "contexts/activity/subsidy_periods.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/service/command_frame.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::CancelSession(grpc::ServerContext* context,
                                                const v1::CancelSessionRequest* request,
                                                v1::CancelSessionResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeBoundCommand(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      [&](const service::Call& call) { return BindCancelSession(call, request, response); });
}

absl::StatusOr<service::BoundCommand> ActivityServiceImpl::BindCancelSession(
    const service::Call& caller, const v1::CancelSessionRequest* request,
    v1::CancelSessionResponse* response) {
  return service::Bind<service::NothingPrepared>(
      {.prepare = [this,
                   request](const service::Call& call) -> absl::StatusOr<service::NothingPrepared> {
         if (absl::Status reason = RequireReason(request->reason()); !reason.ok()) return reason;
         if (absl::Status change = PrepareChangeOf(call, request->activity_id()); !change.ok()) {
           return change;
         }
         return service::NothingPrepared{};
       },
       .target =
           [this, request](const service::NothingPrepared&) {
             return ActivityTarget(request->activity_id(), service::ExpectedVersion(*request));
           },
       .decide = [request](const service::Call& call, const service::NothingPrepared&,
                           const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto activity =
             RequireCommandableActivity(decision.state, call.principal, request->activity_id());
         if (!activity.ok()) return activity.status();
         auto session = RequireSession(*activity, request->session_id());
         if (!session.ok()) return session.status();
         if (activity->cancelled() || (*session)->cancelled()) {
           return MakeError(absl::StatusCode::kFailedPrecondition, "ALREADY_CANCELLED",
                            "session " + Quote(request->session_id()) + " of activity " +
                                activity->activity_id() + " is cancelled");
         }
         const v1::Session& held = (*session)->session();
         auto date = SessionDate(activity->activity_id(), held);
         if (!date.ok()) return date.status();
         absl::Status unlocked =
             RequireUnlocked(decision.state, *date, decision.now,
                             "session " + held.session_id() + " (" + held.date() + ")");
         if (!unlocked.ok()) return unlocked;
         auto cancelled = std::make_unique<v1::SessionCancelled>();
         cancelled->set_activity_id(activity->activity_id());
         cancelled->set_session_id(held.session_id());
         cancelled->set_reason(request->reason());
         service::Facts facts;
         facts.push_back(std::move(cancelled));
         return facts;
       },
       .answer = service::AnswerVersion<service::NothingPrepared>(response)},
      caller, *request, request->request_id());
}

}  // namespace stem::activity
