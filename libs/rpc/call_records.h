// What the server learns about a call while it runs, shared by its interceptors and its
// handler: the trace it belongs to (from the caller's traceparent, or new), the request's id,
// and who called once the handler has authenticated the caller. The access log interceptor opens
// the record when the call's metadata arrives and closes it when the call ends; the handler's frame
// (libs/service/call.h) reads the trace and notes the caller.
#ifndef STEM_LIBS_RPC_CALL_RECORDS_H_
#define STEM_LIBS_RPC_CALL_RECORDS_H_

#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "libs/rpc/principal.h"
#include "libs/rpc/trace_context.h"

namespace stem::rpc {

struct CallRecord {
  TraceContext trace;
  // The request's `request_id` (idempotency key), when it has one.
  std::string request_id;
  std::optional<Principal> caller;
};

void OpenCallRecord(const grpc::ServerContextBase* context, TraceContext trace);
void NoteRequestId(const grpc::ServerContextBase* context, const std::string& request_id);
void NoteCaller(const grpc::ServerContextBase* context, const Principal& caller);
// Nullopt for a call whose record is not open (e.g. a handler called without a server).
std::optional<CallRecord> FindCallRecord(const grpc::ServerContextBase* context);
std::optional<CallRecord> CloseCallRecord(const grpc::ServerContextBase* context);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_CALL_RECORDS_H_
