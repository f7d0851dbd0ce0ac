// stem-audit: the AuditService as its own process, for the distributed mode: it reads the
// log (Kafka) itself and takes the live side of each comparison from the services'
// ProjectionService. Wiring only.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/common/error.h"
#include "libs/service/host_flags.h"
#include "services/audit/audit_service.h"
#include "services/audit/remote_projections.h"

ABSL_FLAG(std::string, projection_endpoints, "",
          "host:port of each service process whose projections the audit compares with");
ABSL_FLAG(std::string, projection_token_file, "",
          "a file holding the bearer token the audit presents to them (token identities)");
ABSL_FLAG(std::string, projection_tls_cert, "", "mutual TLS: the audit's client certificate");
ABSL_FLAG(std::string, projection_tls_key, "", "mutual TLS: the audit's client key");
ABSL_FLAG(std::string, projection_tls_ca, "", "mutual TLS: the CA of the services' certificates");

namespace {

// The file's contents; exits with a usage error when it cannot be read, rather than
// presenting an empty token or certificate to the services.
std::string ReadOrExit(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "stem-audit: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace stem;  // NOLINT(build/namespaces): main wires many of the suite's parts
  auto options = service::ParseHostFlags(
      argc, argv, "stem-audit: replay audits, explanations and as-of queries over gRPC");
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", DescribeError(options.status()).c_str());
    return 2;
  }
  auto host = service::Host::Open(*options);
  if (!host.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(host.status()).c_str());
    return 1;
  }
  suite::RegisterSuiteFactRules((*host)->fact_rules());
  audit::RemoteCredentials credentials;
  if (const std::string file = absl::GetFlag(FLAGS_projection_token_file); !file.empty()) {
    std::string token = ReadOrExit(file);
    token.erase(token.find_last_not_of(" \n\r\t") + 1);
    credentials.token = token;
  }
  if (const std::string cert = absl::GetFlag(FLAGS_projection_tls_cert); !cert.empty()) {
    credentials.tls = grpc::SslCredentialsOptions{
        ReadOrExit(absl::GetFlag(FLAGS_projection_tls_ca)),
        ReadOrExit(absl::GetFlag(FLAGS_projection_tls_key)), ReadOrExit(cert)};
  }
  std::vector<std::string> endpoints =
      absl::StrSplit(absl::GetFlag(FLAGS_projection_endpoints), ',', absl::SkipEmpty());
  auto live = audit::RemoteProjections::Create(endpoints, credentials);
  if (!live.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(live.status()).c_str());
    return 1;
  }
  audit::AuditServiceImpl service(
      {(*host)->log(), (*host)->topics(), (*host)->upcasters(), (*host)->fact_rules(),
       (*host)->authenticator(), (*host)->municipalities(), **live, options->audit_scratch_dir,
       &(*host)->clock(), (*host)->checkpoint_signer(), (*host)->checkpoint_origin()});
  return (*host)->Serve({&service}, {"stem.audit.v1.AuditService"}, {});
}
