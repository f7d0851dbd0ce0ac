// What the gRPC server does with a request it cannot decode (random bytes, a truncated
// message, invalid UTF-8 in a string field): gRPC answers INTERNAL with an empty message;
// this interceptor makes that INVALID_ARGUMENT with reason MALFORMED_REQUEST (rulebook
// section 1), so that a client knows the fault is its own, and logs it rate-limited. The
// protobuf library's own complaints about such bytes go through a rate-limited log too
// (RouteProtobufLogs), so that no client can flood the server's log.
#ifndef STEM_LIBS_RPC_MALFORMED_REQUESTS_H_
#define STEM_LIBS_RPC_MALFORMED_REQUESTS_H_

#include <grpcpp/support/server_interceptor.h>

#include <cstdint>
#include <memory>

namespace stem::rpc {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MalformedRequestInterceptorFactory();

// Requests refused as MALFORMED_REQUEST since the process started.
int64_t MalformedRequestsRefused();

// Sends the protobuf library's log lines to a rate-limited log. Idempotent.
void RouteProtobufLogs();

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_MALFORMED_REQUESTS_H_
