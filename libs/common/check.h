// STEM_CHECK: for impossible states only. Errors that input can cause are returned as
// absl::Status; a broken invariant crashes loudly, with the place and the condition, so it
// is found instead of corrupting state. (Debian's Abseil predates absl/log.)
#ifndef STEM_LIBS_COMMON_CHECK_H_
#define STEM_LIBS_COMMON_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define STEM_CHECK(condition, message)                                                      \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: check failed: %s: %s\n", __FILE__, __LINE__, #condition, \
                   message);                                                                \
      std::abort();                                                                         \
    }                                                                                       \
  } while (false)

#endif  // STEM_LIBS_COMMON_CHECK_H_
