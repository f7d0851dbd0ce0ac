// What every fuzz target here defines (libFuzzer's entry points) and how it reports a broken
// invariant. The same target file links into a libFuzzer executable (the fuzz build) and
// into a replay executable that runs saved inputs (every build: replay_main.cc).
#ifndef STEM_TESTS_FUZZ_FUZZ_TARGET_H_
#define STEM_TESTS_FUZZ_FUZZ_TARGET_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Optional: weak, so that a target without set-up leaves it undefined (as libFuzzer does).
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace stem::fuzz {

// A broken invariant: says which and aborts, so that libFuzzer keeps the input as a crash.
[[noreturn]] inline void Broken(const std::string& invariant, const std::string& detail) {
  std::fprintf(stderr, "fuzz invariant broken: %s: %s\n", invariant.c_str(), detail.c_str());
  std::abort();
}

}  // namespace stem::fuzz

#endif  // STEM_TESTS_FUZZ_FUZZ_TARGET_H_
