// Calls of any method with messages of any type: the descriptor-driven commands have no
// generated stub to call. The method is "/<package>.<Service>/<Method>".
#ifndef STEM_TOOLS_CLI_CALLS_H_
#define STEM_TOOLS_CLI_CALLS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tools/cli/connection.h"

namespace stem::cli {

// The full gRPC name of a method: "/stem.recognition.v1.RecognitionService/GetAcademy".
std::string MethodPath(const google::protobuf::MethodDescriptor& method);

// One unary call; the answer is parsed into `response`.
grpc::Status CallUnary(const Connection& connection, const std::string& method,
                       const google::protobuf::Message& request,
                       google::protobuf::Message* response);

// One server-streaming call: `on_message` sees each streamed message as it arrives (a new
// message of `response_type`'s type each time). Returns the status the server ended with.
grpc::Status CallServerStream(
    const Connection& connection, const std::string& method,
    const google::protobuf::Message& request, const google::protobuf::Message& response_type,
    const std::function<void(const google::protobuf::Message&)>& on_message);

// One bidirectional-streaming call (a bulk import): writes `requests` in order while it reads
// the answers, so neither side waits for the other; `on_message` sees each answer as it
// arrives. Returns the status the server ended with.
grpc::Status CallBidiStream(
    const Connection& connection, const std::string& method,
    const std::vector<const google::protobuf::Message*>& requests,
    const google::protobuf::Message& response_type,
    const std::function<void(const google::protobuf::Message&)>& on_message);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_CALLS_H_
