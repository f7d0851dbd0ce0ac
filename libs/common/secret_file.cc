#include "libs/common/secret_file.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "libs/common/absl_compat.h"

namespace stem {

absl::StatusOr<std::string> ReadSecretFile(const std::string& path, std::string_view what) {
  struct stat file;
  if (::stat(path.c_str(), &file) != 0) {
    return absl::NotFoundError(absl::StrFormat("cannot read %s %s", ToAbsl(what), path));
  }
  if (!S_ISREG(file.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s %s is not a regular file", ToAbsl(what), path));
  }
  if ((file.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s %s may be read or written by others than its owner (mode %04o): the secrets in it "
        "are as good as passwords; chmod 600 %s",
        ToAbsl(what), path, file.st_mode & 07777, path));
  }
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrFormat("cannot read %s %s", ToAbsl(what), path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace stem
