#include "libs/rpc/addresses.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"

namespace stem::rpc {

bool IsLoopback(std::string_view address) {
  std::string_view host = address;
  for (std::string_view scheme : {"dns:///", "ipv4:", "ipv6:"}) {
    if (absl::StartsWith(ToAbsl(host), ToAbsl(scheme))) host.remove_prefix(scheme.size());
  }
  if (absl::StartsWith(ToAbsl(host), "[")) {
    const size_t close = host.find(']');
    return close != std::string_view::npos && host.substr(1, close - 1) == "::1";
  }
  host = host.substr(0, host.rfind(':'));
  if (host == "localhost") return true;
  // An IPv4 literal in 127.0.0.0/8; a name that merely begins with "127." is not.
  std::vector<std::string> parts = absl::StrSplit(ToAbsl(host), '.');
  if (parts.size() != 4 || parts[0] != "127") return false;
  for (const std::string& part : parts) {
    int value = 0;
    if (part.empty() || part.size() > 3 || !absl::SimpleAtoi(part, &value) || value > 255 ||
        part.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
  }
  return true;
}

absl::Status CheckPlaintextListen(std::string_view listen_address, bool has_tls,
                                  bool allow_insecure) {
  if (has_tls || allow_insecure || IsLoopback(listen_address)) return absl::OkStatus();
  return MakeError(
      absl::StatusCode::kFailedPrecondition, "PLAINTEXT_LISTEN_REFUSED",
      absl::StrCat("refusing to listen on ", Quote(listen_address),
                   " without TLS: tokens and facts would cross the network in clear. Give "
                   "--tls_cert, --tls_key and --tls_client_ca, listen on loopback, or (only "
                   "behind something that encrypts, e.g. a service mesh) "
                   "--insecure_plaintext_listen"));
}

}  // namespace stem::rpc
