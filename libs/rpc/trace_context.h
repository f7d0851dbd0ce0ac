// W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` a caller sends
// ("00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>"), so that the suite's logs
// and facts carry the caller's trace. A missing or malformed header starts a trace of the
// server's own, as the recommendation says; it is never an error.
#ifndef STEM_LIBS_RPC_TRACE_CONTEXT_H_
#define STEM_LIBS_RPC_TRACE_CONTEXT_H_

#include <optional>
#include <string>
#include <string_view>

namespace stem::rpc {

inline constexpr char kTraceparentMetadata[] = "traceparent";

struct TraceContext {
  std::string trace_id;   // 32 lowercase hex digits, not all zero
  std::string parent_id;  // the caller's span: 16 lowercase hex digits (empty when new)
  std::string flags;      // 2 hex digits ("01": sampled)
  // Whether the caller sent it (rather than the server starting a trace).
  bool from_caller = false;
};

std::optional<TraceContext> ParseTraceparent(std::string_view header);
// A new trace with a random id.
TraceContext NewTrace();

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_TRACE_CONTEXT_H_
