#include <openssl/sha.h>

#include <cctype>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/common/error.h"
#include "libs/common/secret_file.h"
#include "libs/rpc/authenticator.h"
#include "libs/rpc/internal/identity_rules.h"

namespace stem::rpc {
namespace {

using identity::v1::ActorRole;

// Tokens are kept and compared as SHA-256 digests, so that a lookup's timing tells nothing
// about how much of a guessed token was right.
std::string Digest(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

absl::Status Invalid(int line, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("token file line ", line, ": ", why));
}

constexpr std::string_view kBearer = "Bearer ";

}  // namespace

absl::StatusOr<std::unique_ptr<TokenFileAuthenticator>> TokenFileAuthenticator::Load(
    const std::string& path) {
  absl::StatusOr<std::string> text = ReadSecretFile(path, "token file");
  if (!text.ok()) return text.status();
  return Parse(*text);
}

absl::StatusOr<std::unique_ptr<TokenFileAuthenticator>> TokenFileAuthenticator::Parse(
    const std::string& text) {
  std::map<std::string, Principal> principals;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::istringstream fields(line);
    std::string token, role_name, identity, extra;
    if (!(fields >> token) || token[0] == '#') continue;
    if (!(fields >> role_name >> identity) || (fields >> extra)) {
      return Invalid(number, "expected `<token> <ROLE> <identity>`");
    }
    if (token.size() < kMinTokenLength) {
      return Invalid(number, absl::StrCat("a token has at least ", kMinTokenLength,
                                          " characters (e.g. `openssl rand -hex 16`)"));
    }
    Principal principal{RoleFromName(role_name), identity};
    if (absl::Status valid = internal::CheckIdentity(principal); !valid.ok()) {
      return Invalid(number, role_name + " " + identity + ": " + std::string(valid.message()));
    }
    if (!principals.emplace(Digest(token), principal).second) {
      return Invalid(number, "the same token appears twice");
    }
  }
  return std::unique_ptr<TokenFileAuthenticator>(new TokenFileAuthenticator(std::move(principals)));
}

absl::StatusOr<Principal> TokenFileAuthenticator::Authenticate(
    const grpc::ServerContext& context) const {
  const auto& metadata = context.client_metadata();
  if (metadata.count("authorization") > 1) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_AMBIGUOUS",
                     "send one authorization header, not several");
  }
  auto header = metadata.find("authorization");
  if (header == metadata.end()) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_MISSING",
                     "send `authorization: Bearer <token>`");
  }
  std::string_view value(header->second.data(), header->second.size());
  if (value.substr(0, kBearer.size()) != kBearer) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_MISSING",
                     "the authorization header must be `Bearer <token>`");
  }
  auto found = principals_.find(Digest(value.substr(kBearer.size())));
  if (found == principals_.end()) {
    return MakeError(absl::StatusCode::kUnauthenticated, "IDENTITY_UNKNOWN",
                     "the token is not in this suite's token file");
  }
  return found->second;
}

}  // namespace stem::rpc
