// The ProjectionService (proto/stem/ops/v1/projection_service.proto): what each projection
// of this process holds, so that an auditor can compare it with a replay of the log, and
// the facts each set aside (libs/projection/quarantine.h).
#ifndef STEM_LIBS_SERVICE_PROJECTION_SERVICE_H_
#define STEM_LIBS_SERVICE_PROJECTION_SERVICE_H_

#include <map>
#include <string>

#include "libs/rpc/authenticator.h"
#include "libs/service/checkpoint_export.h"
#include "libs/service/service_runtime.h"
#include "stem/ops/v1/projection_service.grpc.pb.h"

namespace stem::service {

class ProjectionServiceImpl final : public ops::v1::ProjectionService::Service {
 public:
  // Nothing is owned; all must outlive the service. Keys name the projections; the full
  // read models (Host::read_models) are those whose checkpoints `exporter` sends.
  ProjectionServiceImpl(std::map<std::string, ServiceRuntime*> runtimes,
                        std::map<std::string, ServiceRuntime*> read_models,
                        CheckpointExporter& exporter, const rpc::Authenticator& authenticator)
      : runtimes_(std::move(runtimes)),
        read_models_(std::move(read_models)),
        exporter_(exporter),
        authenticator_(authenticator) {}

  grpc::Status GetProjectionStates(grpc::ServerContext* context,
                                   const ops::v1::GetProjectionStatesRequest* request,
                                   ops::v1::GetProjectionStatesResponse* response) override;
  grpc::Status ListQuarantinedFacts(grpc::ServerContext* context,
                                    const ops::v1::ListQuarantinedFactsRequest* request,
                                    ops::v1::ListQuarantinedFactsResponse* response) override;
  // stream_store_checkpoint.cc
  grpc::Status StreamStoreCheckpoint(
      grpc::ServerContext* context, const ops::v1::StreamStoreCheckpointRequest* request,
      grpc::ServerWriter<ops::v1::StreamStoreCheckpointResponse>* writer) override;

 private:
  const std::map<std::string, ServiceRuntime*> runtimes_;
  const std::map<std::string, ServiceRuntime*> read_models_;
  CheckpointExporter& exporter_;
  const rpc::Authenticator& authenticator_;
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_PROJECTION_SERVICE_H_
