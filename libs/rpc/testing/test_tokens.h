// The bearer token a test presents for a readable name ("officer" -> "officer-test-token"):
// token files written by tests and the clients in them use this one function, so that tests
// keep their names while every token has the 16 characters the suite requires.
#ifndef STEM_LIBS_RPC_TESTING_TEST_TOKENS_H_
#define STEM_LIBS_RPC_TESTING_TEST_TOKENS_H_

#include <string>

namespace stem::rpc::testing {

inline std::string TestToken(const std::string& name) { return name + "-test-token"; }

}  // namespace stem::rpc::testing

#endif  // STEM_LIBS_RPC_TESTING_TEST_TOKENS_H_
