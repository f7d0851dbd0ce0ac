#include "contexts/recognition/register_queries.h"
#include "libs/service/call.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::ListRecognisedAcademies(
    grpc::ServerContext* context, const v1::ListRecognisedAcademiesRequest* request,
    v1::ListRecognisedAcademiesResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        return AnswerRecognisedAcademies(state, *request, Today(), *response);
      });
}

}  // namespace stem::recognition
