#include "libs/common/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace stem {
namespace {

absl::Status Failed(const std::string& what, const std::string& path, int error) {
  return absl::InternalError("cannot " + what + " " + path + ": " + std::strerror(error));
}

}  // namespace

absl::Status WriteFileDurably(const std::string& path, std::string_view contents) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Failed("create", temporary, errno);
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t wrote = ::write(fd, contents.data() + done, contents.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      const int error = errno;
      ::close(fd);
      return Failed("write", temporary, error);
    }
    done += static_cast<size_t>(wrote);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    return Failed("sync", temporary, error);
  }
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) return Failed("replace", path, errno);
  return SyncDirectory(std::filesystem::path(path).parent_path().string());
}

absl::Status SyncDirectory(const std::string& directory) {
  const std::string name = directory.empty() ? "." : directory;
  const int dir = ::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Failed("open the directory", name, errno);
  const int synced = ::fsync(dir);
  const int error = errno;
  ::close(dir);
  if (synced != 0) return Failed("sync the directory", name, error);
  return absl::OkStatus();
}

}  // namespace stem
