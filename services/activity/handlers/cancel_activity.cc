#include "contexts/activity/activity_access.h"
#include "contexts/activity/activity_state.h"
#include "contexts/activity/activity_validation.h"
#include "contexts/activity/subsidy_periods.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/service/command_frame.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::CancelActivity(grpc::ServerContext* context,
                                                 const v1::CancelActivityRequest* request,
                                                 v1::CancelActivityResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeBoundCommand(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      [&](const service::Call& call) { return BindCancelActivity(call, request, response); });
}

absl::StatusOr<service::BoundCommand> ActivityServiceImpl::BindCancelActivity(
    const service::Call& caller, const v1::CancelActivityRequest* request,
    v1::CancelActivityResponse* response) {
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
         if (activity->cancelled()) {
           return MakeError(absl::StatusCode::kFailedPrecondition, "ALREADY_CANCELLED",
                            "activity " + activity->activity_id() + " is cancelled");
         }
         // Cancelling the activity cancels each of its sessions, so each must still be
         // open; a session cancelled before already counts 0 and does not change.
         for (const v1::ActivitySession& session : activity->sessions()) {
           if (session.cancelled()) continue;
           auto date = SessionDate(activity->activity_id(), session.session());
           if (!date.ok()) return date.status();
           absl::Status unlocked = RequireUnlocked(
               decision.state, *date, decision.now,
               "session " + session.session().session_id() + " (" + session.session().date() + ")");
           if (!unlocked.ok()) return unlocked;
         }
         auto cancelled = std::make_unique<v1::ActivityCancelled>();
         cancelled->set_activity_id(activity->activity_id());
         cancelled->set_reason(request->reason());
         service::Facts facts;
         facts.push_back(std::move(cancelled));
         return facts;
       },
       .answer = service::AnswerVersion<service::NothingPrepared>(response)},
      caller, *request, request->request_id());
}

}  // namespace stem::activity
