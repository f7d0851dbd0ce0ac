// The caller of the command target's next call, chosen by the input: handlers are called
// in process, so the identity a gRPC server would have authenticated is simply set here.
#ifndef STEM_TESTS_FUZZ_CALLER_AUTHENTICATOR_H_
#define STEM_TESTS_FUZZ_CALLER_AUTHENTICATOR_H_

#include <utility>

#include "libs/rpc/authenticator.h"

namespace stem::fuzz {

// One thread sets the caller and then calls a handler; handlers authenticate on that thread.
class CallerAuthenticator final : public rpc::Authenticator {
 public:
  void set_caller(rpc::Principal caller) { caller_ = std::move(caller); }
  absl::StatusOr<rpc::Principal> Authenticate(const grpc::ServerContext&) const override {
    return caller_;
  }

 private:
  rpc::Principal caller_;
};

}  // namespace stem::fuzz

#endif  // STEM_TESTS_FUZZ_CALLER_AUTHENTICATOR_H_
