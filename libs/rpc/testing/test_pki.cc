#include "libs/rpc/testing/test_pki.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace stem::rpc::testing {
namespace {

absl::Status Run(const std::string& command) {
  const std::string quiet = command + " >/dev/null 2>&1";
  if (std::system(quiet.c_str()) != 0) return absl::InternalError("failed: " + command);
  return absl::OkStatus();
}

absl::StatusOr<CertificatePair> MakeCa(const std::string& directory, const std::string& name) {
  CertificatePair ca{directory + "/" + name + ".crt", directory + "/" + name + ".key"};
  absl::Status made = Run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=" + name +
                          "' -keyout " + ca.key + " -out " + ca.certificate);
  if (!made.ok()) return made;
  return ca;
}

absl::StatusOr<CertificatePair> Issue(const std::string& directory, const CertificatePair& ca,
                                      const std::string& name, const std::string& subject,
                                      const std::string& extensions) {
  CertificatePair pair{directory + "/" + name + ".crt", directory + "/" + name + ".key"};
  const std::string request = directory + "/" + name + ".csr";
  const std::string extension_file = directory + "/" + name + ".ext";
  std::ofstream(extension_file) << extensions << "\n";
  absl::Status made = Run("openssl req -newkey rsa:2048 -nodes -subj '" + subject + "' -keyout " +
                          pair.key + " -out " + request);
  if (!made.ok()) return made;
  made = Run("openssl x509 -req -days 2 -in " + request + " -CA " + ca.certificate + " -CAkey " +
             ca.key + " -CAcreateserial -extfile " + extension_file + " -out " + pair.certificate);
  if (!made.ok()) return made;
  return pair;
}

}  // namespace

absl::StatusOr<TestPki> TestPki::Create(const std::string& directory) {
  TestPki pki;
  pki.directory_ = directory;
  auto ca = MakeCa(directory, "test-ca");
  if (!ca.ok()) return ca.status();
  pki.ca_ = *ca;
  auto server = Issue(directory, pki.ca_, "server", "/CN=localhost",
                      "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
  if (!server.ok()) return server.status();
  pki.server_ = *server;
  return pki;
}

absl::StatusOr<CertificatePair> TestPki::IssueClient(const std::string& name,
                                                     const std::string& common_name) const {
  return Issue(directory_, ca_, name, "/CN=" + common_name, "extendedKeyUsage=clientAuth");
}

absl::StatusOr<CertificatePair> TestPki::IssueUntrustedClient(
    const std::string& name, const std::string& common_name) const {
  auto other_ca = MakeCa(directory_, name + "-ca");
  if (!other_ca.ok()) return other_ca.status();
  return Issue(directory_, *other_ca, name, "/CN=" + common_name, "extendedKeyUsage=clientAuth");
}

std::string ReadPem(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace stem::rpc::testing
