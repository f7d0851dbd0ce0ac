#include "libs/service/command_import.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::ImportCommands(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::ImportCommandsResponse, v1::ImportCommandsRequest>* stream) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  service::ImportOptions options;
  // Attendance, cancellations and their locks depend on the subsidy periods' deadlines.
  options.before_batch = [this](absl::Time deadline) {
    return runtime_.projection().WaitForAllTopics(deadline);
  };
  return service::ServeImport<v1::ImportCommandsRequest, v1::ImportCommandsResponse>(
      authenticator_, context, stream, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      runtime_.commands(), options,
      [this](const service::Call& call, const v1::ImportCommandsRequest& item,
             v1::ImportCommandsResponse& answer) -> absl::StatusOr<service::BoundCommand> {
        using Item = v1::ImportCommandsRequest;
        switch (item.command_case()) {
          case Item::kRegisterActivity:
            return BindRegisterActivity(call, &item.register_activity(),
                                        answer.mutable_register_activity());
          case Item::kCancelActivity:
            return BindCancelActivity(call, &item.cancel_activity(),
                                      answer.mutable_cancel_activity());
          case Item::kCancelSession:
            return BindCancelSession(call, &item.cancel_session(), answer.mutable_cancel_session());
          case Item::kReportAttendance:
            return BindReportAttendance(call, &item.report_attendance(),
                                        answer.mutable_report_attendance());
          case Item::COMMAND_NOT_SET:
            break;
        }
        return service::CommandMissing();
      });
}

}  // namespace stem::activity
