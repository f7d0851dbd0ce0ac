#include "services/audit/remote_projections.h"

#include "absl/memory/memory.h"
#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/rpc/addresses.h"
#include "libs/rpc/status.h"
#include "stem/ops/v1/projection_service.grpc.pb.h"

namespace stem::audit {

absl::StatusOr<std::unique_ptr<RemoteProjections>> RemoteProjections::Create(
    const std::vector<std::string>& addresses, RemoteCredentials credentials) {
  if (!credentials.tls && !credentials.token.empty()) {
    for (const std::string& address : addresses) {
      if (!rpc::IsLoopback(address)) {
        return MakeError(absl::StatusCode::kFailedPrecondition, "PLAINTEXT_TOKEN_REFUSED",
                         absl::StrCat("refusing to send the audit's token in clear to ", address,
                                      ": give --projection_tls_cert, --projection_tls_key and "
                                      "--projection_tls_ca, or reach the services on loopback"));
      }
    }
  }
  return absl::WrapUnique(new RemoteProjections(addresses, std::move(credentials)));
}

RemoteProjections::RemoteProjections(const std::vector<std::string>& addresses,
                                     RemoteCredentials credentials)
    : credentials_(std::move(credentials)) {
  for (const std::string& address : addresses) {
    auto channel_credentials = credentials_.tls ? grpc::SslCredentials(*credentials_.tls)
                                                : grpc::InsecureChannelCredentials();
    channels_.emplace_back(address, grpc::CreateChannel(address, channel_credentials));
  }
}

absl::StatusOr<std::vector<LiveProjection>> RemoteProjections::Take() {
  std::vector<LiveProjection> live;
  for (const auto& [address, channel] : channels_) {
    auto stub = ops::v1::ProjectionService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!credentials_.token.empty()) {
      context.AddMetadata("authorization", "Bearer " + credentials_.token);
    }
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
