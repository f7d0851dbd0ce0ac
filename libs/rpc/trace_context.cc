#include "libs/rpc/trace_context.h"

#include <openssl/rand.h>

#include "absl/strings/escaping.h"

namespace stem::rpc {
namespace {

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(std::string_view text) { return text.find_first_not_of('0') == std::string::npos; }

}  // namespace

std::optional<TraceContext> ParseTraceparent(std::string_view header) {
  // version "-" trace-id "-" parent-id "-" flags; a later version may append "-" fields.
  if (header.size() < 55 || header[2] != '-' || header[35] != '-' || header[52] != '-') {
    return std::nullopt;
  }
  const std::string_view version = header.substr(0, 2);
  const std::string_view trace_id = header.substr(3, 32);
  const std::string_view parent_id = header.substr(36, 16);
  const std::string_view flags = header.substr(53, 2);
  if (!IsLowerHex(version) || version == "ff" || !IsLowerHex(trace_id) || AllZero(trace_id) ||
      !IsLowerHex(parent_id) || AllZero(parent_id) || !IsLowerHex(flags)) {
    return std::nullopt;
  }
  if (version == "00" ? header.size() != 55 : (header.size() > 55 && header[55] != '-')) {
    return std::nullopt;
  }
  return TraceContext{std::string(trace_id), std::string(parent_id), std::string(flags), true};
}

TraceContext NewTrace() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    // No randomness at hand: a trace id is for correlation only, not a secret.
    for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(i + 1);
  }
  return TraceContext{
      absl::BytesToHexString(std::string(reinterpret_cast<const char*>(bytes), sizeof bytes)), "",
      "00", false};
}

}  // namespace stem::rpc
