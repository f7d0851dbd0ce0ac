#include "libs/service/projection_service.h"

#include "libs/service/call.h"

namespace stem::service {

grpc::Status ProjectionServiceImpl::GetProjectionStates(
    grpc::ServerContext* context, const ops::v1::GetProjectionStatesRequest* request,
    ops::v1::GetProjectionStatesResponse* response) {
  using events::v1::ACTOR_ROLE_AUDITOR;
  using events::v1::ACTOR_ROLE_OFFICER;
  using events::v1::ACTOR_ROLE_OPERATOR;
  return Serve(authenticator_, context, *request,
               {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER, ACTOR_ROLE_OPERATOR},
               [&](const Call&) -> absl::Status {
                 for (const auto& [name, runtime] : runtimes_) {
                   ops::v1::ProjectionState* state = response->add_projections();
                   state->set_name(name);
                   if (absl::Status health = runtime->projection().Health(); !health.ok()) {
                     state->set_error(std::string(health.message()));
                   }
                   auto digest = runtime->store().TakeDigest();
                   if (!digest.ok()) return digest.status();
                   state->set_checksum(digest->checksum);
                   for (const auto& [partition, offset] : digest->positions) {
                     common::v1::LogPosition* position = state->add_positions();
                     position->set_topic(partition.topic);
                     position->set_partition(partition.partition);
                     position->set_offset(offset);
                   }
                 }
                 return absl::OkStatus();
               });
}

}  // namespace stem::service
