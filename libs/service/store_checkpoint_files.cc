#include "libs/service/store_checkpoint_files.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"

namespace stem::service {
namespace {

namespace fs = std::filesystem;

// RocksDB's lock file and info logs (LOG, LOG.old.<time>) belong to the process that opened
// the store, not to its data.
bool IsLocalOnly(std::string_view name) {
  return name == "LOCK" || name == "LOG" || name.starts_with("LOG.old");
}

}  // namespace

bool IsCheckpointFileName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

absl::StatusOr<std::vector<ops::v1::CheckpointFile>> DescribeCheckpointFiles(
    const std::string& dir) {
  std::vector<ops::v1::CheckpointFile> files;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (IsLocalOnly(name)) continue;
    if (!entry.is_regular_file() || !IsCheckpointFileName(name)) {
      return absl::InternalError(absl::StrCat("unexpected entry in a checkpoint: ", name));
    }
    ops::v1::CheckpointFile file;
    file.set_name(name);
    file.set_size(static_cast<int64_t>(entry.file_size(error)));
    if (error) break;
    files.push_back(std::move(file));
  }
  if (error) {
    return absl::InternalError(absl::StrCat("cannot list checkpoint ", dir, ": ", error.message()));
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.name() < b.name(); });
  return files;
}

}  // namespace stem::service
