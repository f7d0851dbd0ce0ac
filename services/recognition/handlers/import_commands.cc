#include "libs/service/command_import.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::ImportCommands(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::ImportCommandsResponse, v1::ImportCommandsRequest>* stream) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeImport<v1::ImportCommandsRequest, v1::ImportCommandsResponse>(
      authenticator_, context, stream, {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER},
      runtime_.commands(), service::ImportOptions(),
      [this](const service::Call& call, const v1::ImportCommandsRequest& item,
             v1::ImportCommandsResponse& answer) -> absl::StatusOr<service::BoundCommand> {
        switch (item.command_case()) {
          case v1::ImportCommandsRequest::kSubmitApplication:
            return BindSubmitApplication(call, &item.submit_application(),
                                         answer.mutable_submit_application());
          case v1::ImportCommandsRequest::COMMAND_NOT_SET:
            break;
        }
        return service::CommandMissing();
      });
}

}  // namespace stem::recognition
