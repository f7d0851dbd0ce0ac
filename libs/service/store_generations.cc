#include "libs/service/store_generations.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "libs/common/error.h"

namespace stem::service {
namespace {

namespace fs = std::filesystem;

constexpr char kVersionFile[] = "STEM_PROJECTOR_VERSION";
constexpr char kRebuiltFile[] = "STEM_REBUILT";
// What a store written before versions were recorded was built by.
constexpr char kUnrecordedVersion[] = "1";

absl::Status FileSystemError(const std::string& what, const std::error_code& error) {
  return MakeError(absl::StatusCode::kInternal, "STORE_FILES", what + ": " + error.message());
}

// Writes `contents` to `path` and syncs it and its directory, so that a crash leaves the
// file whole or absent.
absl::Status WriteSynced(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return FileSystemError("cannot create " + temporary, {errno, std::generic_category()});
  const bool written =
      ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written)
    return FileSystemError("cannot write " + temporary, {errno, std::generic_category()});
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) return FileSystemError("cannot rename " + temporary, error);
  const int dir = ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return absl::OkStatus();
}

// The version recorded in the store at `path`; nullopt when there is no store there yet.
std::optional<std::string> VersionOf(const std::string& path) {
  std::ifstream in(fs::path(path) / kVersionFile);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::error_code error;
  if (fs::exists(fs::path(path) / "CURRENT", error)) return std::string(kUnrecordedVersion);
  return std::nullopt;
}

}  // namespace

absl::StatusOr<StoreLayout> PrepareStores(const std::string& path, const std::string& version) {
  const std::string next = path + ".next";
  std::error_code error;
  if (fs::exists(fs::path(next) / kRebuiltFile, error)) {
    fs::remove_all(path, error);
    if (error) return FileSystemError("cannot remove the replaced store " + path, error);
    fs::rename(next, path, error);
    if (error) return FileSystemError("cannot promote the rebuilt store " + next, error);
  }
  fs::remove(fs::path(path) / kRebuiltFile, error);

  const std::optional<std::string> current = VersionOf(path);
  if (!current.has_value() || *current == version) return StoreLayout{path, path};
  if (std::optional<std::string> building = VersionOf(next);
      building.has_value() && *building != version) {
    fs::remove_all(next, error);
    if (error) return FileSystemError("cannot remove the abandoned rebuild " + next, error);
  }
  return StoreLayout{next, path};
}

absl::Status RecordVersion(const std::string& path, const std::string& version) {
  std::error_code error;
  if (fs::exists(fs::path(path) / kVersionFile, error)) return absl::OkStatus();
  return WriteSynced((fs::path(path) / kVersionFile).string(), version);
}

absl::Status MarkRebuilt(const std::string& building_path) {
  return WriteSynced((fs::path(building_path) / kRebuiltFile).string(), "");
}

}  // namespace stem::service
