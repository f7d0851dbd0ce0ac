#include <openssl/sha.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/rpc/authenticator.h"

namespace stem::rpc {
namespace {

using events::v1::ActorRole;

// Tokens are kept and compared as SHA-256 digests, so that a lookup's timing tells nothing
// about how much of a guessed token was right.
std::string Digest(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

bool AllDigits(const std::string& text, size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status Invalid(int line, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("token file line ", line, ": ", why));
}

constexpr std::string_view kBearer = "Bearer ";

}  // namespace

absl::StatusOr<std::unique_ptr<TokenFileAuthenticator>> TokenFileAuthenticator::Load(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read token file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str());
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
    Principal principal{RoleFromName(role_name), identity};
    switch (principal.role) {
      case events::v1::ACTOR_ROLE_UNSPECIFIED:
        return Invalid(number, "unknown role " + role_name);
      case events::v1::ACTOR_ROLE_ACADEMY:
        if (!AllDigits(identity, 10)) return Invalid(number, "an ACADEMY is a 10-digit KBO number");
        break;
      case events::v1::ACTOR_ROLE_MUNICIPALITY:
        if (!AllDigits(identity, 5)) return Invalid(number, "a MUNICIPALITY is a 5-digit NIS code");
        break;
      default:
        break;
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
