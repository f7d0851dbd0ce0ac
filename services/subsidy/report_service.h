// The ReportService gRPC API (proto/stem/subsidy/v1/report_service.proto): the reports of
// rulebook section 7, from the same runtime as the SubsidyService. Each RPC lives in its
// own file under handlers/.
#ifndef STEM_SERVICES_SUBSIDY_REPORT_SERVICE_H_
#define STEM_SERVICES_SUBSIDY_REPORT_SERVICE_H_

#include "libs/domain/municipalities.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/service_runtime.h"
#include "stem/subsidy/v1/report_service.grpc.pb.h"

namespace stem::subsidy {

class ReportServiceImpl final : public v1::ReportService::Service {
 public:
  // Nothing is owned; all must outlive the service. The runtime's projector is a
  // SubsidyProjectors' composite.
  ReportServiceImpl(service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator,
                    const domain::MunicipalityRegistry& municipalities)
      : runtime_(runtime), authenticator_(authenticator), municipalities_(municipalities) {}

  grpc::Status GetRegister(grpc::ServerContext* context, const v1::GetRegisterRequest* request,
                           v1::GetRegisterResponse* response) override;
  grpc::Status GetCoverage(grpc::ServerContext* context, const v1::GetCoverageRequest* request,
                           v1::GetCoverageResponse* response) override;
  grpc::Status GetBudgets(grpc::ServerContext* context, const v1::GetBudgetsRequest* request,
                          v1::GetBudgetsResponse* response) override;

 private:
  service::ServiceRuntime& runtime_;
  const rpc::Authenticator& authenticator_;
  const domain::MunicipalityRegistry& municipalities_;
};

}  // namespace stem::subsidy

#endif  // STEM_SERVICES_SUBSIDY_REPORT_SERVICE_H_
