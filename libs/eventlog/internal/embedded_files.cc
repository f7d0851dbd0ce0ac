#include "libs/eventlog/internal/embedded_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"

namespace stem::eventlog::internal {
namespace {

std::string Join(std::string_view directory, std::string_view name) {
  return absl::StrCat(ToAbsl(directory), "/", ToAbsl(name));
}

absl::StatusCode CodeFor(int error) {
  switch (error) {
    case ENOENT:
      return absl::StatusCode::kNotFound;
    case EACCES:
    case EPERM:
      return absl::StatusCode::kPermissionDenied;
    case ENOSPC:
    case EDQUOT:
      return absl::StatusCode::kResourceExhausted;
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.Release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

int UniqueFd::Release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

absl::Status ErrnoError(std::string_view operation, std::string_view path, int error) {
  return absl::Status(CodeFor(error), absl::StrCat("embedded event log: ", ToAbsl(operation), " ",
                                                   ToAbsl(path), ": ", std::strerror(error)));
}

absl::StatusOr<UniqueFd> OpenFile(const std::string& path, int flags, int mode) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoError("open", path, errno);
  return UniqueFd(fd);
}

absl::StatusOr<uint64_t> FileSize(int fd, std::string_view path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return ErrnoError("fstat", path, errno);
  return static_cast<uint64_t>(info.st_size);
}

absl::Status WriteAllAt(int fd, std::string_view data, uint64_t at, std::string_view path) {
  while (!data.empty()) {
    ssize_t written = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(at));
    if (written < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("pwrite", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(written));
    at += static_cast<uint64_t>(written);
  }
  return absl::OkStatus();
}

absl::Status ReadAllAt(int fd, char* buffer, size_t length, uint64_t at, std::string_view path) {
  while (length > 0) {
    ssize_t got = ::pread(fd, buffer, length, static_cast<off_t>(at));
    if (got < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("pread", path, errno);
    }
    if (got == 0) {
      return absl::DataLossError(
          absl::StrCat("embedded event log: ", ToAbsl(path), " ends before offset ", at));
    }
    buffer += got;
    length -= static_cast<size_t>(got);
    at += static_cast<uint64_t>(got);
  }
  return absl::OkStatus();
}

absl::Status SyncDirectory(const std::string& directory) {
  absl::StatusOr<UniqueFd> fd = OpenFile(directory, O_RDONLY | O_DIRECTORY);
  if (!fd.ok()) return fd.status();
  if (::fsync(fd->get()) != 0) return ErrnoError("fsync", directory, errno);
  return absl::OkStatus();
}

absl::Status MakeDirectory(const std::string& directory) {
  if (::mkdir(directory.c_str(), 0755) == 0 || errno == EEXIST) {
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0) return ErrnoError("stat", directory, errno);
    if (!S_ISDIR(info.st_mode)) {
      return absl::FailedPreconditionError(
          absl::StrCat("embedded event log: ", directory, " exists and is not a directory"));
    }
    return absl::OkStatus();
  }
  return ErrnoError("mkdir", directory, errno);
}

absl::StatusOr<std::vector<std::string>> ListSubdirectories(const std::string& directory) {
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return ErrnoError("opendir", directory, errno);
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat info {};
    if (::stat(Join(directory, name).c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
      names.push_back(std::move(name));
    }
  }
  int error = errno;
  ::closedir(dir);
  if (error != 0) return ErrnoError("readdir", directory, error);
  return names;
}

bool FileExists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

absl::StatusOr<UniqueFd> LockFile(const std::string& path) {
  absl::StatusOr<UniqueFd> fd = OpenFile(path, O_RDWR | O_CREAT);
  if (!fd.ok()) return fd.status();
  if (::flock(fd->get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return absl::FailedPreconditionError(
          absl::StrCat("embedded event log: ", path,
                       " is locked: another process (or another log in this one) has the "
                       "directory open"));
    }
    return ErrnoError("flock", path, errno);
  }
  return fd;
}

absl::Status WriteFileAtomically(const std::string& directory, const std::string& name,
                                 std::string_view contents) {
  std::string temp = Join(directory, absl::StrCat(name, ".tmp"));
  {
    absl::StatusOr<UniqueFd> fd = OpenFile(temp, O_WRONLY | O_CREAT | O_TRUNC);
    if (!fd.ok()) return fd.status();
    if (absl::Status written = WriteAllAt(fd->get(), contents, 0, temp); !written.ok()) {
      return written;
    }
    if (::fsync(fd->get()) != 0) return ErrnoError("fsync", temp, errno);
  }
  std::string target = Join(directory, name);
  if (::rename(temp.c_str(), target.c_str()) != 0) return ErrnoError("rename", target, errno);
  return SyncDirectory(directory);
}

absl::Status ValidateTopicName(std::string_view topic) {
  bool legal = !topic.empty() && topic.size() <= 249 && topic != "." && topic != ".." &&
               topic != kLockFile && topic != kQuarantineDirectory;
  for (char c : topic) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '_' || c == '-';
    legal = legal && allowed;
  }
  if (legal) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("embedded event log: illegal topic name \"", ToAbsl(topic),
                   "\" (1 to 249 of [a-zA-Z0-9._-], not \".\", \"..\", \"", ToAbsl(kLockFile),
                   "\" or \"", ToAbsl(kQuarantineDirectory), "\")"));
}

absl::Status WriteTopicMeta(const std::string& topic_directory, int32_t partitions) {
  return WriteFileAtomically(topic_directory, std::string(kTopicMetaFile),
                             absl::StrCat("partitions=", partitions, "\n"));
}

absl::StatusOr<int32_t> ReadTopicMeta(const std::string& topic_directory) {
  std::string path = Join(topic_directory, kTopicMetaFile);
  absl::StatusOr<UniqueFd> fd = OpenFile(path, O_RDONLY);
  if (!fd.ok()) return fd.status();
  char buffer[64];
  ssize_t got = ::read(fd->get(), buffer, sizeof(buffer));
  if (got < 0) return ErrnoError("read", path, errno);
  std::string_view text(buffer, static_cast<size_t>(got));
  constexpr std::string_view kPrefix = "partitions=";
  int32_t partitions = 0;
  if (text.substr(0, kPrefix.size()) != kPrefix || text.empty() || text.back() != '\n' ||
      !absl::SimpleAtoi(ToAbsl(text.substr(kPrefix.size(), text.size() - kPrefix.size() - 1)),
                        &partitions) ||
      partitions < 1 || partitions > kMaxPartitions) {
    return absl::DataLossError(absl::StrCat("embedded event log: malformed ", path));
  }
  return partitions;
}

}  // namespace stem::eventlog::internal
