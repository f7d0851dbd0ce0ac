#include "libs/rpc/client_credentials.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/rpc/addresses.h"

namespace stem::rpc {
namespace {

absl::StatusOr<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return MakeError(absl::StatusCode::kInvalidArgument, "FILE_UNREADABLE", "cannot read " + path);
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace

absl::StatusOr<ClientCredentials> LoadClientCredentials(const ClientCredentialFiles& files) {
  ClientCredentials credentials;
  if (!files.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadWhole(files.token_file);
    if (!token.ok()) return token.status();
    token->erase(token->find_last_not_of(" \n\r\t") + 1);
    credentials.token = *std::move(token);
  }
  if (!files.tls_cert.empty()) {
    absl::StatusOr<std::string> ca = ReadWhole(files.tls_ca);
    if (!ca.ok()) return ca.status();
    absl::StatusOr<std::string> key = ReadWhole(files.tls_key);
    if (!key.ok()) return key.status();
    absl::StatusOr<std::string> chain = ReadWhole(files.tls_cert);
    if (!chain.ok()) return chain.status();
    credentials.tls =
        grpc::SslCredentialsOptions{*std::move(ca), *std::move(key), *std::move(chain)};
  }
  return credentials;
}

absl::Status CheckTokenTransport(const std::string& address, const ClientCredentials& credentials,
                                 const std::string& flags) {
  if (credentials.tls || credentials.token.empty() || IsLoopback(address)) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kFailedPrecondition, "PLAINTEXT_TOKEN_REFUSED",
                   absl::StrCat("refusing to send a token in clear to ", address, ": give ", flags,
                                ", or reach the services on loopback"));
}

std::shared_ptr<grpc::Channel> OpenChannel(const std::string& address,
                                           const ClientCredentials& credentials) {
  return grpc::CreateChannel(address, credentials.tls ? grpc::SslCredentials(*credentials.tls)
                                                      : grpc::InsecureChannelCredentials());
}

void Authorize(grpc::ClientContext& context, const ClientCredentials& credentials) {
  if (!credentials.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + credentials.token);
  }
}

}  // namespace stem::rpc
