// The audit in its own process: the live projections are the services' ProjectionService,
// reached with the credentials the --projection_* flags name.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "services/audit/audit_module.h"
#include "services/audit/module.h"
#include "services/audit/remote_projections.h"

ABSL_FLAG(std::string, projection_endpoints, "",
          "host:port of each service process whose projections the audit compares with");
ABSL_FLAG(std::string, projection_token_file, "",
          "a file holding the bearer token the audit presents to them (token identities)");
ABSL_FLAG(std::string, projection_tls_cert, "", "mutual TLS: the audit's client certificate");
ABSL_FLAG(std::string, projection_tls_key, "", "mutual TLS: the audit's client key");
ABSL_FLAG(std::string, projection_tls_ca, "", "mutual TLS: the CA of the services' certificates");

namespace stem::audit {
namespace {

class RemoteAuditModule final : public AuditModule {
 protected:
  absl::StatusOr<std::unique_ptr<LiveProjections>> OpenLiveProjections(service::Host&) override {
    absl::StatusOr<RemoteCredentials> credentials = rpc::LoadClientCredentials({
        .token_file = absl::GetFlag(FLAGS_projection_token_file),
        .tls_cert = absl::GetFlag(FLAGS_projection_tls_cert),
        .tls_key = absl::GetFlag(FLAGS_projection_tls_key),
        .tls_ca = absl::GetFlag(FLAGS_projection_tls_ca),
    });
    if (!credentials.ok()) return credentials.status();
    std::vector<std::string> endpoints =
        absl::StrSplit(absl::GetFlag(FLAGS_projection_endpoints), ',', absl::SkipEmpty());
    absl::StatusOr<std::unique_ptr<RemoteProjections>> live =
        RemoteProjections::Create(endpoints, *credentials);
    if (!live.ok()) return live.status();
    return std::unique_ptr<LiveProjections>(std::move(*live));
  }
};

}  // namespace

std::unique_ptr<service::ServiceModule> MakeRemoteAuditModule() {
  return std::make_unique<RemoteAuditModule>();
}

}  // namespace stem::audit
