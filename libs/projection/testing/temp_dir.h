// A directory for one test, removed with everything in it when the test ends.
#ifndef STEM_LIBS_PROJECTION_TESTING_TEMP_DIR_H_
#define STEM_LIBS_PROJECTION_TESTING_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "libs/common/check.h"

namespace stem::projection::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TEST_TMPDIR");
    std::string pattern =
        (base != nullptr && *base != '\0' ? std::string(base)
                                          : std::filesystem::temp_directory_path().string()) +
        "/stem-projection-XXXXXX";
    STEM_CHECK(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace stem::projection::testing

#endif  // STEM_LIBS_PROJECTION_TESTING_TEMP_DIR_H_
