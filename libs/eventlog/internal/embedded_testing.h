// Helpers for the embedded log's tests: a scratch directory and whole-file access.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TESTING_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TESTING_H_

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "libs/common/check.h"

namespace stem::eventlog::internal {

// A scratch directory, removed with everything in it when the object goes: under
// $TEST_TMPDIR when set, else /tmp/stem-tests-XXXXXX.
class TestDirectory {
 public:
  TestDirectory() {
    const char* root = std::getenv("TEST_TMPDIR");
    std::string pattern =
        std::string(root != nullptr && *root != '\0' ? root : "/tmp") + "/stem-tests-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    STEM_CHECK(::mkdtemp(name.data()) != nullptr, "a test needs its scratch directory");
    path_ = name.data();
  }
  ~TestDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TestDirectory(const TestDirectory&) = delete;
  TestDirectory& operator=(const TestDirectory&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

inline void WriteWholeFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TESTING_H_
