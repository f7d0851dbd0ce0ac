// The gRPC edge of errors: an absl::Status with a reason (libs/common/error.h) becomes a
// grpc::Status whose binary details are a google.rpc.Status carrying a google.rpc.ErrorInfo
// (reason, domain), the standard way for any gRPC client to read a machine-readable reason.
#ifndef STEM_LIBS_RPC_STATUS_H_
#define STEM_LIBS_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace stem::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The client side: the code, message and ErrorInfo reason of a gRPC error.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_STATUS_H_
