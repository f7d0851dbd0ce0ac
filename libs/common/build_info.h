// Which build this is: the project's version and the commit it was configured from (both
// written into the build tree by CMake), for logs, metrics and --version.
#ifndef STEM_LIBS_COMMON_BUILD_INFO_H_
#define STEM_LIBS_COMMON_BUILD_INFO_H_

namespace stem {

const char* BuildVersion();
// The abbreviated commit, "unknown" outside a git checkout.
const char* BuildCommit();

}  // namespace stem

#endif  // STEM_LIBS_COMMON_BUILD_INFO_H_
