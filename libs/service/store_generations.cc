#include "libs/service/store_generations.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "libs/common/durable_file.h"
#include "libs/common/error.h"
#include "libs/service/internal/store_files.h"

namespace stem::service {
namespace {

namespace fs = std::filesystem;

constexpr char kVersionFile[] = "STEM_PROJECTOR_VERSION";
constexpr char kRebuiltFile[] = "STEM_REBUILT";
// What a store written before versions were recorded was built by.
constexpr char kUnrecordedVersion[] = "1";

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
    if (error) return internal::StoreFilesError("cannot remove the replaced store " + path, error);
    fs::rename(next, path, error);
    if (error) return internal::StoreFilesError("cannot promote the rebuilt store " + next, error);
  }
  fs::remove(fs::path(path) / kRebuiltFile, error);

  const std::optional<std::string> current = VersionOf(path);
  if (!current.has_value() || *current == version) return StoreLayout{path, path};
  if (std::optional<std::string> building = VersionOf(next);
      building.has_value() && *building != version) {
    fs::remove_all(next, error);
    if (error)
      return internal::StoreFilesError("cannot remove the abandoned rebuild " + next, error);
  }
  return StoreLayout{next, path};
}

absl::Status RecordVersion(const std::string& path, const std::string& version) {
  std::error_code error;
  if (fs::exists(fs::path(path) / kVersionFile, error)) return absl::OkStatus();
  return WriteFileDurably((fs::path(path) / kVersionFile).string(), version);
}

absl::Status MarkRebuilt(const std::string& building_path) {
  return WriteFileDurably((fs::path(building_path) / kRebuiltFile).string(), "");
}

}  // namespace stem::service
