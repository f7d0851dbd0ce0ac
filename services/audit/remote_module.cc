// The audit in its own process: the live projections are the services' ProjectionService,
// reached with the credentials the --projection_* flags name.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "libs/common/error.h"
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

// A file that cannot be read is refused, rather than an empty token or certificate
// presented to the services.
absl::StatusOr<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return MakeError(absl::StatusCode::kInvalidArgument, "FILE_UNREADABLE", "cannot read " + path);
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

absl::StatusOr<RemoteCredentials> CredentialsFromFlags() {
  RemoteCredentials credentials;
  if (const std::string file = absl::GetFlag(FLAGS_projection_token_file); !file.empty()) {
    absl::StatusOr<std::string> token = ReadWhole(file);
    if (!token.ok()) return token.status();
    token->erase(token->find_last_not_of(" \n\r\t") + 1);
    credentials.token = *std::move(token);
  }
  if (const std::string cert = absl::GetFlag(FLAGS_projection_tls_cert); !cert.empty()) {
    absl::StatusOr<std::string> ca = ReadWhole(absl::GetFlag(FLAGS_projection_tls_ca));
    if (!ca.ok()) return ca.status();
    absl::StatusOr<std::string> key = ReadWhole(absl::GetFlag(FLAGS_projection_tls_key));
    if (!key.ok()) return key.status();
    absl::StatusOr<std::string> chain = ReadWhole(cert);
    if (!chain.ok()) return chain.status();
    credentials.tls =
        grpc::SslCredentialsOptions{*std::move(ca), *std::move(key), *std::move(chain)};
  }
  return credentials;
}

class RemoteAuditModule final : public AuditModule {
 protected:
  absl::StatusOr<std::unique_ptr<LiveProjections>> OpenLiveProjections(service::Host&) override {
    absl::StatusOr<RemoteCredentials> credentials = CredentialsFromFlags();
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
