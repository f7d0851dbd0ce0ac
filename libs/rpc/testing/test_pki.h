// A throw-away certificate authority for tests of mutual TLS: a CA, a server certificate
// for localhost / 127.0.0.1, and client certificates with a chosen common name, made with
// the openssl command in a directory of the test's.
#ifndef STEM_LIBS_RPC_TESTING_TEST_PKI_H_
#define STEM_LIBS_RPC_TESTING_TEST_PKI_H_

#include <string>

#include "absl/status/statusor.h"

namespace stem::rpc::testing {

struct CertificatePair {
  std::string certificate;  // path of the PEM certificate
  std::string key;          // path of its PEM key
};

class TestPki {
 public:
  // Creates the CA and the server certificate in `directory` (which must exist).
  static absl::StatusOr<TestPki> Create(const std::string& directory);

  const std::string& ca_certificate() const { return ca_.certificate; }
  const CertificatePair& server() const { return server_; }
  // A client certificate signed by this CA, with subject CN `common_name`.
  absl::StatusOr<CertificatePair> IssueClient(const std::string& name,
                                              const std::string& common_name) const;
  // The same, signed by a CA of its own that the server does not trust.
  absl::StatusOr<CertificatePair> IssueUntrustedClient(const std::string& name,
                                                       const std::string& common_name) const;

 private:
  std::string directory_;
  CertificatePair ca_;
  CertificatePair server_;
};

// The contents of a file.
std::string ReadPem(const std::string& path);

}  // namespace stem::rpc::testing

#endif  // STEM_LIBS_RPC_TESTING_TEST_PKI_H_
