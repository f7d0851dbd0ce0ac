#include "contexts/activity/activity_access.h"
#include "contexts/activity/activity_state.h"
#include "contexts/activity/activity_validation.h"
#include "contexts/activity/subsidy_periods.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/service/command_frame.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::ReportAttendance(grpc::ServerContext* context,
                                                   const v1::ReportAttendanceRequest* request,
                                                   v1::ReportAttendanceResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeBoundCommand(
      authenticator_, context, *request, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      [&](const service::Call& call) { return BindReportAttendance(call, request, response); });
}

absl::StatusOr<service::BoundCommand> ActivityServiceImpl::BindReportAttendance(
    const service::Call& caller, const v1::ReportAttendanceRequest* request,
    v1::ReportAttendanceResponse* response) {
  using Counts = google::protobuf::RepeatedPtrField<v1::AgeCount>;
  return service::Bind<Counts>(
      {.prepare = [this, request](const service::Call& call) -> absl::StatusOr<Counts> {
         auto counts = ValidateAttendance(request->counts());
         if (!counts.ok()) return counts.status();
         if (absl::Status change = PrepareChangeOf(call, request->activity_id()); !change.ok()) {
           return change;
         }
         return counts;
       },
       .target =
           [this, request](const Counts&) {
             return ActivityTarget(request->activity_id(), service::ExpectedVersion(*request));
           },
       .decide = [request](const service::Call& call, const Counts& counts,
                           const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         auto activity =
             RequireCommandableActivity(decision.state, call.principal, request->activity_id());
         if (!activity.ok()) return activity.status();
         auto session = RequireSession(*activity, request->session_id());
         if (!session.ok()) return session.status();
         const v1::Session& held = (*session)->session();
         auto held_on = SessionDate(activity->activity_id(), held);
         if (!held_on.ok()) return held_on.status();
         const absl::CivilDay date = *held_on;
         if (date > clock::LocalDate(decision.now)) {
           return MakeError(absl::StatusCode::kFailedPrecondition, "SESSION_NOT_HELD",
                            "session " + held.session_id() + " is on " + held.date() +
                                ", after today: report its attendance once it was held");
         }
         absl::Status unlocked = RequireUnlocked(
             decision.state, date, decision.now,
             "the attendance of session " + held.session_id() + " (" + held.date() + ")");
         if (!unlocked.ok()) return unlocked;
         auto reported = std::make_unique<v1::AttendanceReported>();
         reported->set_activity_id(activity->activity_id());
         reported->set_session_id(held.session_id());
         *reported->mutable_counts() = counts;
         service::Facts facts;
         facts.push_back(std::move(reported));
         return facts;
       },
       .answer = service::AnswerVersion<Counts>(response)},
      caller, *request, request->request_id());
}

}  // namespace stem::activity
