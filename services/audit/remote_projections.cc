#include "services/audit/remote_projections.h"

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "libs/rpc/status.h"
#include "stem/ops/v1/projection_service.grpc.pb.h"

namespace stem::audit {

absl::StatusOr<std::unique_ptr<RemoteProjections>> RemoteProjections::Create(
    const std::vector<std::string>& addresses, RemoteCredentials credentials) {
  for (const std::string& address : addresses) {
    if (absl::Status safe = rpc::CheckTokenTransport(
            address, credentials,
            "--projection_tls_cert, --projection_tls_key and --projection_tls_ca");
        !safe.ok()) {
      return safe;
    }
  }
  return absl::WrapUnique(new RemoteProjections(addresses, std::move(credentials)));
}

RemoteProjections::RemoteProjections(const std::vector<std::string>& addresses,
                                     RemoteCredentials credentials)
    : credentials_(std::move(credentials)) {
  for (const std::string& address : addresses) {
    channels_.emplace_back(address, rpc::OpenChannel(address, credentials_));
  }
}

absl::StatusOr<std::vector<LiveProjection>> RemoteProjections::Take() {
  std::vector<LiveProjection> live;
  for (const auto& [address, channel] : channels_) {
    auto stub = ops::v1::ProjectionService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    rpc::Authorize(context, credentials_);
    ops::v1::GetProjectionStatesResponse response;
    grpc::Status status = stub->GetProjectionStates(&context, {}, &response);
    if (!status.ok()) {
      absl::Status error = rpc::FromGrpcStatus(status);
      return absl::Status(error.code(),
                          absl::StrCat("projection states of ", address, ": ", error.message()));
    }
    for (const ops::v1::ProjectionState& state : response.projections()) {
      LiveProjection projection{state.name(),
                                state.checksum(),
                                {},
                                nullptr,
                                state.error().empty()
                                    ? std::string()
                                    : absl::StrCat("at ", address, ": ", state.error())};
      for (const auto& position : state.positions()) {
        projection.positions[{position.topic(), position.partition()}] = position.offset();
      }
      live.push_back(std::move(projection));
    }
  }
  return live;
}

}  // namespace stem::audit
