// ProjectionService.StreamStoreCheckpoint: a full read model's store for a new replica
// (checkpoint_export.h sends it, store_bootstrap.h receives it).
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/service/call.h"
#include "libs/service/projection_service.h"

namespace stem::service {

grpc::Status ProjectionServiceImpl::StreamStoreCheckpoint(
    grpc::ServerContext* context, const ops::v1::StreamStoreCheckpointRequest* request,
    grpc::ServerWriter<ops::v1::StreamStoreCheckpointResponse>* writer) {
  // The whole state of a read model: for replicas, which present an operator identity.
  return Serve(
      authenticator_, context, *request, {identity::v1::ACTOR_ROLE_OPERATOR},
      [&](const Call&) -> absl::Status {
        auto runtime = read_models_.find(request->name());
        if (runtime == read_models_.end()) {
          return MakeError(absl::StatusCode::kNotFound, "PROJECTION_NOT_FOUND",
                           "this process keeps no full read model " + Quote(request->name()));
        }
        // A store of some GB takes longer than a command's 30 s: the caller's deadline, up
        // to the bootstrap's own default.
        return exporter_.Export(*runtime->second, rpc::CallDeadline(*context, absl::Minutes(30)),
                                [&](const ops::v1::StreamStoreCheckpointResponse& message) {
                                  return !context->IsCancelled() && writer->Write(message);
                                });
      });
}

}  // namespace stem::service
