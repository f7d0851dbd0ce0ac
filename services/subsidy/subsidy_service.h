// The SubsidyService gRPC API (proto/stem/subsidy/v1/subsidy_service.proto). Each RPC
// lives in its own file under handlers/.
#ifndef STEM_SERVICES_SUBSIDY_SUBSIDY_SERVICE_H_
#define STEM_SERVICES_SUBSIDY_SUBSIDY_SERVICE_H_

#include <optional>
#include <string>

#include "libs/domain/municipalities.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "stem/subsidy/v1/subsidy_service.grpc.pb.h"

namespace stem::subsidy {

class SubsidyServiceImpl final : public v1::SubsidyService::Service {
 public:
  // Nothing is owned; all must outlive the service. The runtime's projector is a
  // SubsidyProjectors' composite over the same topics.
  SubsidyServiceImpl(service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator,
                     const domain::MunicipalityRegistry& municipalities, service::Topics topics)
      : runtime_(runtime),
        authenticator_(authenticator),
        municipalities_(municipalities),
        topics_(std::move(topics)) {}

  grpc::Status OpenPeriod(grpc::ServerContext* context, const v1::OpenPeriodRequest* request,
                          v1::OpenPeriodResponse* response) override;
  grpc::Status SubmitApplication(grpc::ServerContext* context,
                                 const v1::SubmitApplicationRequest* request,
                                 v1::SubmitApplicationResponse* response) override;
  grpc::Status WithdrawApplication(grpc::ServerContext* context,
                                   const v1::WithdrawApplicationRequest* request,
                                   v1::WithdrawApplicationResponse* response) override;
  grpc::Status RegisterDemand(grpc::ServerContext* context,
                              const v1::RegisterDemandRequest* request,
                              v1::RegisterDemandResponse* response) override;
  grpc::Status WithdrawDemand(grpc::ServerContext* context,
                              const v1::WithdrawDemandRequest* request,
                              v1::WithdrawDemandResponse* response) override;
  grpc::Status AllocatePeriod(grpc::ServerContext* context,
                              const v1::AllocatePeriodRequest* request,
                              v1::AllocatePeriodResponse* response) override;
  grpc::Status GetPeriod(grpc::ServerContext* context, const v1::GetPeriodRequest* request,
                         v1::GetPeriodResponse* response) override;
  grpc::Status ListApplications(grpc::ServerContext* context,
                                const v1::ListApplicationsRequest* request,
                                v1::ListApplicationsResponse* response) override;
  grpc::Status GetDecision(grpc::ServerContext* context, const v1::GetDecisionRequest* request,
                           v1::GetDecisionResponse* response) override;
  grpc::Status ListDemand(grpc::ServerContext* context, const v1::ListDemandRequest* request,
                          v1::ListDemandResponse* response) override;
  grpc::Status GetPayments(grpc::ServerContext* context, const v1::GetPaymentsRequest* request,
                           v1::GetPaymentsResponse* response) override;

 private:
  service::CommandTarget Target(const std::string& aggregate_type, const std::string& id,
                                std::optional<int64_t> expected_version) const;
  // Commands whose verdict depends on other aggregates' facts (a period's window, an
  // academy's recognition, the child-minutes of an allocation) first let the projection
  // catch up with every topic it reads; the command processor itself waits only for the
  // commanded aggregate's partition.
  absl::Status CatchUpWithOtherContexts(absl::Time deadline);

  service::ServiceRuntime& runtime_;
  const rpc::Authenticator& authenticator_;
  const domain::MunicipalityRegistry& municipalities_;
  const service::Topics topics_;
};

}  // namespace stem::subsidy

#endif  // STEM_SERVICES_SUBSIDY_SUBSIDY_SERVICE_H_
