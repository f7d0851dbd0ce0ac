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

// Once no other operation is in flight: the status the server ended the call with; the
// queue is drained and shut down.
grpc::Status FinishCall(grpc::ClientAsyncReaderWriter<Message, Message>& call,
                        grpc::CompletionQueue& queue) {
  grpc::Status status;
  int finish_tag = 0;
  call.Finish(&status, &finish_tag);
  Await(queue);
  queue.Shutdown();
  void* ignored_tag = nullptr;
  bool ignored_ok = false;
  while (queue.Next(&ignored_tag, &ignored_ok)) {
  }
  return status;
}

}  // namespace

std::string MethodPath(const google::protobuf::MethodDescriptor& method) {
  return "/" + method.service()->full_name() + "/" + method.name();
}

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
  return FinishCall(*call, queue);
}

grpc::Status CallBidiStream(const Connection& connection, const std::string& method,
                            const std::vector<const Message*>& requests,
                            const Message& response_type,
                            const std::function<void(const Message&)>& on_message) {
  // A write and a read may be in flight at once; their tags tell their events apart.
  Stub stub(connection.channel);
  const std::unique_ptr<grpc::ClientContext> context = connection.NewContext();
  grpc::CompletionQueue queue;
  int start_tag = 0;
  int write_tag = 0;
  int read_tag = 0;
  const auto call = stub.PrepareCall(context.get(), method, &queue);
  call->StartCall(&start_tag);
  if (Await(queue)) {
    size_t next = 0;
    bool writing = true;  // a write (or the closing WritesDone) is in flight
    bool closed = false;  // WritesDone was sent
    bool reading = true;
    std::unique_ptr<Message> answer(response_type.New());
    call->Read(answer.get(), &read_tag);
    if (next < requests.size()) {
      call->Write(*requests[next++], &write_tag);
    } else {
      call->WritesDone(&write_tag);
      closed = true;
    }
    while (writing || reading) {
      void* tag = nullptr;
      bool ok = false;
      if (!queue.Next(&tag, &ok)) break;
      if (tag == &read_tag) {
        if (!ok) {
          reading = false;  // the server ended the stream
          continue;
        }
        on_message(*answer);
        answer.reset(response_type.New());
        call->Read(answer.get(), &read_tag);
      } else if (tag == &write_tag) {
        if (!ok || closed) {
          writing = false;  // the stream is over for writes (Finish tells why)
        } else if (next < requests.size()) {
          call->Write(*requests[next++], &write_tag);
        } else {
          call->WritesDone(&write_tag);
          closed = true;
        }
      }
    }
  }
  return FinishCall(*call, queue);
}

}  // namespace stem::cli
