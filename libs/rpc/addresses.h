// Where plaintext may go: bearer tokens and facts travel in clear without TLS, so a server
// listens without TLS only on loopback, and a client sends a token without TLS only to
// loopback, unless an operator says otherwise with a flag whose name says it is insecure.
#ifndef STEM_LIBS_RPC_ADDRESSES_H_
#define STEM_LIBS_RPC_ADDRESSES_H_

#include <string_view>

#include "absl/status/status.h"

namespace stem::rpc {

// Whether "host:port" (or a gRPC target such as "dns:///host:port") names this machine's
// loopback: localhost, 127.0.0.0/8 or [::1]. 0.0.0.0 and [::] listen on every interface,
// so they are not.
bool IsLoopback(std::string_view address);

// FAILED_PRECONDITION / PLAINTEXT_LISTEN_REFUSED for a server without TLS on an address that
// is not loopback, unless `allow_insecure` (--insecure_plaintext_listen).
absl::Status CheckPlaintextListen(std::string_view listen_address, bool has_tls,
                                  bool allow_insecure);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_ADDRESSES_H_
