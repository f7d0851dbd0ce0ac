// Sends bytes as they are to a unary method, the way a broken or hostile client would:
// no serialization on the client side.
#ifndef STEM_LIBS_RPC_TESTING_RAW_CALL_H_
#define STEM_LIBS_RPC_TESTING_RAW_CALL_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <future>
#include <memory>
#include <string>

namespace stem::rpc::testing {

// `method` is the full path ("/stem.recognition.v1.RecognitionService/SubmitApplication").
inline grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                                 const std::string& method, const std::string& bytes,
                                 grpc::ClientContext* context) {
  grpc::GenericStub stub(channel);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer reply;
  std::promise<grpc::Status> done;
  stub.UnaryCall(context, method, grpc::StubOptions(), &request, &reply,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

}  // namespace stem::rpc::testing

#endif  // STEM_LIBS_RPC_TESTING_RAW_CALL_H_
