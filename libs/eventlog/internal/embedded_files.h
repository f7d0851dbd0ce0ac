// POSIX file plumbing of the embedded log: owned descriptors, whole reads and writes,
// directory fsync, the directory lock and the per-topic metadata file. Errors come back as
// absl::Status naming the operation and the path.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_FILES_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace stem::eventlog::internal {

// Owns a file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();

 private:
  int fd_ = -1;
};

// An error status for a failed system call, from errno.
absl::Status ErrnoError(std::string_view operation, std::string_view path, int error);

absl::StatusOr<UniqueFd> OpenFile(const std::string& path, int flags, int mode = 0644);
absl::StatusOr<uint64_t> FileSize(int fd, std::string_view path);
// pwrite/pread until every byte is written or read (short transfers are retried).
absl::Status WriteAllAt(int fd, std::string_view data, uint64_t at, std::string_view path);
absl::Status ReadAllAt(int fd, char* buffer, size_t length, uint64_t at, std::string_view path);

// Makes a directory's entries (created, renamed files) durable.
absl::Status SyncDirectory(const std::string& directory);
// Creates the directory if missing (its parent must exist).
absl::Status MakeDirectory(const std::string& directory);
// Names of the subdirectories of `directory`.
absl::StatusOr<std::vector<std::string>> ListSubdirectories(const std::string& directory);
bool FileExists(const std::string& path);

// Takes flock(LOCK_EX|LOCK_NB) on `path`, creating the file. FAILED_PRECONDITION when another
// open file description holds it (another process, or another log in this one).
absl::StatusOr<UniqueFd> LockFile(const std::string& path);

// Replaces `directory`/`name` with `contents` so that a crash leaves the old or the new file,
// never a mix: temp file, fsync, rename, fsync of the directory.
absl::Status WriteFileAtomically(const std::string& directory, const std::string& name,
                                 std::string_view contents);

// Topic names become directory names: Kafka's legal characters ([a-zA-Z0-9._-], at most 249),
// minus "." and "..", and minus the lock file's name.
absl::Status ValidateTopicName(std::string_view topic);

// The per-topic metadata file, <dir>/<topic>/TOPIC, holding the partition count. A topic
// directory without it is a creation that did not finish.
inline constexpr std::string_view kTopicMetaFile = "TOPIC";
inline constexpr std::string_view kLockFile = "LOCK";
// Where recovery copies what it cuts off, beside the topics.
inline constexpr std::string_view kQuarantineDirectory = "quarantine";
inline constexpr int32_t kMaxPartitions = 10000;
absl::Status WriteTopicMeta(const std::string& topic_directory, int32_t partitions);
absl::StatusOr<int32_t> ReadTopicMeta(const std::string& topic_directory);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_FILES_H_
