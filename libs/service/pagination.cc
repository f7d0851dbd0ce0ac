#include "libs/service/pagination.h"

#include "absl/strings/escaping.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"

namespace stem::service {
namespace {
// Tokens carry a version prefix, so that their format can change without misreading old
// tokens held by clients.
constexpr char kPrefix[] = "v1:";
}  // namespace

absl::StatusOr<int> PageSize(int requested) {
  if (requested == 0) return kDefaultPageSize;
  if (requested < 0 || requested > kMaxPageSize) {
    return MakeError(absl::StatusCode::kInvalidArgument, "PAGE_SIZE_INVALID",
                     "page_size must be between 0 (the default, 100) and 500");
  }
  return requested;
}

std::string EncodePageToken(const std::string& last_key) {
  return absl::WebSafeBase64Escape(kPrefix + last_key);
}

absl::StatusOr<std::string> DecodePageToken(const std::string& token) {
  if (token.empty()) return std::string();
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(ToAbsl(token), &decoded) || decoded.rfind(kPrefix, 0) != 0) {
    return MakeError(absl::StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID",
                     "page_token is not one this service gave out");
  }
  return decoded.substr(sizeof kPrefix - 1);
}

}  // namespace stem::service
