// One JSON line per RPC in the process's log (libs/common/log.h), message "rpc":
//   service, method, role and principal (once the handler authenticated the caller), code,
//   reason (the google.rpc.ErrorInfo reason), duration_ms, request_id (the request's
//   `request_id` field, noted by the handler's frame), trace_id and parent_id (W3C traceparent, or
//   a trace the server started), peer.
// Never a token, a payload or any other field of the request. Lines of calls refused for
// the caller's own fault (INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND,
// ALREADY_EXISTS, FAILED_PRECONDITION, OUT_OF_RANGE, RESOURCE_EXHAUSTED) are rate-limited -
// a burst, then a few per second, the next line written saying how many were left out - so
// that no caller floods the log; other lines are all written. Level info: --log_level=warning
// turns the access log off.
#ifndef STEM_LIBS_RPC_ACCESS_LOG_H_
#define STEM_LIBS_RPC_ACCESS_LOG_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

namespace stem::rpc {

// Also opens and closes the call's record (call_records.h).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
AccessLogInterceptorFactory();

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_ACCESS_LOG_H_
