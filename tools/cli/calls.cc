#include "tools/cli/calls.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/proto_utils.h>

#include <future>
#include <memory>

namespace stem::cli {
namespace {

using google::protobuf::Message;
using Stub = grpc::TemplatedGenericStub<Message, Message>;

// Waits for the completion-queue event of the one operation in flight; false when it failed
// (the call is over: Finish tells why).
bool Await(grpc::CompletionQueue& queue) {
  void* tag = nullptr;
  bool ok = false;
  return queue.Next(&tag, &ok) && ok;
}

}  // namespace

grpc::Status CallUnary(const Connection& connection, const std::string& method,
                       const Message& request, Message* response) {
  Stub stub(connection.channel);
  const std::unique_ptr<grpc::ClientContext> context = connection.NewContext();
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), method, grpc::StubOptions(), &request, response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

grpc::Status CallServerStream(const Connection& connection, const std::string& method,
                              const Message& request, const Message& response_type,
                              const std::function<void(const Message&)>& on_message) {
  // The client half of a server stream is a bidirectional call that writes one message:
  // the same frames on the wire. One operation is in flight at a time, so any tag will do.
  Stub stub(connection.channel);
  const std::unique_ptr<grpc::ClientContext> context = connection.NewContext();
  grpc::CompletionQueue queue;
  void* const tag = &queue;
  const auto call = stub.PrepareCall(context.get(), method, &queue);
  call->StartCall(tag);
  if (Await(queue)) {
    call->WriteLast(request, grpc::WriteOptions(), tag);
    if (Await(queue)) {
      while (true) {
        std::unique_ptr<Message> message(response_type.New());
        call->Read(message.get(), tag);
        if (!Await(queue)) break;  // the server ended the stream
        on_message(*message);
      }
    }
  }
  grpc::Status status;
  call->Finish(&status, tag);
  Await(queue);
  queue.Shutdown();
  void* ignored_tag = nullptr;
  bool ignored_ok = false;
  while (queue.Next(&ignored_tag, &ignored_ok)) {
  }
  return status;
}

}  // namespace stem::cli
