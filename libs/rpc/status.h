// The gRPC edge of errors: an absl::Status with a reason (libs/common/error.h) becomes a
// grpc::Status whose binary details are a google.rpc.Status carrying a google.rpc.ErrorInfo
// (reason, domain), the standard way for any gRPC client to read a machine-readable reason.
#ifndef STEM_LIBS_RPC_STATUS_H_
#define STEM_LIBS_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"

namespace stem::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The google.rpc.Status that ToGrpcStatus puts in the details (code 0 for OK): the answer
// of one item of a bulk import.
google::rpc::Status ToRpcStatus(const absl::Status& status);

// "OK", "INVALID_ARGUMENT", ...: the code's name in grpc/status.h (for metrics and logs).
const char* StatusCodeName(grpc::StatusCode code);

// "/stem.recognition.v1.RecognitionService/SubmitApplication" as its proto service and
// method names; both empty when `path` is not of that form.
struct MethodName {
  std::string service;
  std::string method;
};
MethodName SplitMethodPath(std::string_view path);

// The client side: the code, message and ErrorInfo reason of a gRPC error.
absl::Status FromGrpcStatus(const grpc::Status& status);
// The same of a google.rpc.Status (a bulk import's answer to one item).
absl::Status FromRpcStatus(const google::rpc::Status& status);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_STATUS_H_
