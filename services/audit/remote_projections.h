// The live projections of services in other processes (the distributed mode), through
// their stem.ops.v1 ProjectionService, called as an AUDITOR.
#ifndef STEM_SERVICES_AUDIT_REMOTE_PROJECTIONS_H_
#define STEM_SERVICES_AUDIT_REMOTE_PROJECTIONS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "libs/rpc/client_credentials.h"
#include "services/audit/live_projections.h"

namespace stem::audit {

using RemoteCredentials = rpc::ClientCredentials;

class RemoteProjections final : public LiveProjections {
 public:
  // FAILED_PRECONDITION / PLAINTEXT_TOKEN_REFUSED when a bearer token would go without TLS
  // to an address that is not loopback (rpc/addresses.h): never in clear over a network.
  static absl::StatusOr<std::unique_ptr<RemoteProjections>> Create(
      const std::vector<std::string>& addresses, RemoteCredentials credentials);
  absl::StatusOr<std::vector<LiveProjection>> Take() override;

 private:
  RemoteProjections(const std::vector<std::string>& addresses, RemoteCredentials credentials);
  std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> channels_;
  const RemoteCredentials credentials_;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_REMOTE_PROJECTIONS_H_
