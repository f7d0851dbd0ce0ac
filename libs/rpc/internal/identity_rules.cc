#include "libs/rpc/internal/identity_rules.h"

#include <cctype>
#include <string>

namespace stem::rpc::internal {
namespace {

bool AllDigits(const std::string& text, size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::Status CheckIdentity(const Principal& principal) {
  switch (principal.role) {
    case identity::v1::ACTOR_ROLE_ACADEMY:
      if (!AllDigits(principal.identity, 10)) {
        return absl::InvalidArgumentError("an ACADEMY is a 10-digit KBO number");
      }
      return absl::OkStatus();
    case identity::v1::ACTOR_ROLE_MUNICIPALITY:
      if (!AllDigits(principal.identity, 5)) {
        return absl::InvalidArgumentError("a MUNICIPALITY is a 5-digit NIS code");
      }
      return absl::OkStatus();
    case identity::v1::ACTOR_ROLE_OFFICER:
    case identity::v1::ACTOR_ROLE_AUDITOR:
    case identity::v1::ACTOR_ROLE_OPERATOR:
      if (principal.identity.empty()) return absl::InvalidArgumentError("the identity is empty");
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError("unknown role");
  }
}

}  // namespace stem::rpc::internal
