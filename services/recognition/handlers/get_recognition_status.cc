#include "contexts/recognition/register_queries.h"
#include "libs/service/call.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::GetRecognitionStatus(
    grpc::ServerContext* context, const v1::GetRecognitionStatusRequest* request,
    v1::GetRecognitionStatusResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        return AnswerRecognitionStatus(state, *request, Today(), *response);
      });
}

}  // namespace stem::recognition
