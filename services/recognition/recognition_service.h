// The RecognitionService gRPC API (proto/stem/recognition/v1/recognition_service.proto).
// Each RPC lives in its own file under handlers/.
#ifndef STEM_SERVICES_RECOGNITION_RECOGNITION_SERVICE_H_
#define STEM_SERVICES_RECOGNITION_RECOGNITION_SERVICE_H_

#include "libs/domain/municipalities.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/command_frame.h"
#include "libs/service/service_runtime.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"

namespace stem::recognition {

class RecognitionServiceImpl final : public v1::RecognitionService::Service {
 public:
  // Nothing is owned; all must outlive the service.
  RecognitionServiceImpl(service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator,
                         const domain::MunicipalityRegistry& municipalities, std::string topic)
      : runtime_(runtime),
        authenticator_(authenticator),
        municipalities_(municipalities),
        topic_(std::move(topic)) {}

  grpc::Status SubmitApplication(grpc::ServerContext* context,
                                 const v1::SubmitApplicationRequest* request,
                                 v1::SubmitApplicationResponse* response) override;
  grpc::Status GrantRecognition(grpc::ServerContext* context,
                                const v1::GrantRecognitionRequest* request,
                                v1::GrantRecognitionResponse* response) override;
  grpc::Status RejectApplication(grpc::ServerContext* context,
                                 const v1::RejectApplicationRequest* request,
                                 v1::RejectApplicationResponse* response) override;
  grpc::Status RevokeRecognition(grpc::ServerContext* context,
                                 const v1::RevokeRecognitionRequest* request,
                                 v1::RevokeRecognitionResponse* response) override;
  grpc::Status ImportCommands(grpc::ServerContext* context,
                              grpc::ServerReaderWriter<v1::ImportCommandsResponse,
                                                       v1::ImportCommandsRequest>* stream) override;
  grpc::Status GetAcademy(grpc::ServerContext* context, const v1::GetAcademyRequest* request,
                          v1::GetAcademyResponse* response) override;
  grpc::Status GetRecognitionStatus(grpc::ServerContext* context,
                                    const v1::GetRecognitionStatusRequest* request,
                                    v1::GetRecognitionStatusResponse* response) override;
  grpc::Status ListRecognisedAcademies(grpc::ServerContext* context,
                                       const v1::ListRecognisedAcademiesRequest* request,
                                       v1::ListRecognisedAcademiesResponse* response) override;
  grpc::Status ListExpiringRecognitions(grpc::ServerContext* context,
                                        const v1::ListExpiringRecognitionsRequest* request,
                                        v1::ListExpiringRecognitionsResponse* response) override;

 private:
  // SubmitApplication bound to its request and response (service::Bind): the one definition
  // that its own RPC and ImportCommands share.
  absl::StatusOr<service::BoundCommand> BindSubmitApplication(
      const service::Call& caller, const v1::SubmitApplicationRequest* request,
      v1::SubmitApplicationResponse* response);
  // The date a query is about: `iso`, or today on the suite's clock when empty.
  absl::StatusOr<absl::CivilDay> DateOrToday(const std::string& iso) const;
  absl::CivilDay Today() const;
  service::CommandTarget Target(const std::string& kbo,
                                std::optional<int64_t> expected_version) const;

  service::ServiceRuntime& runtime_;
  const rpc::Authenticator& authenticator_;
  const domain::MunicipalityRegistry& municipalities_;
  const std::string topic_;
};

}  // namespace stem::recognition

#endif  // STEM_SERVICES_RECOGNITION_RECOGNITION_SERVICE_H_
