#include "libs/service/checkpoint_export.h"

#include <filesystem>
#include <fstream>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/events/log_positions.h"
#include "libs/service/store_checkpoint_files.h"

namespace stem::service {
namespace {

namespace fs = std::filesystem;

absl::Status FileSystemError(const std::string& what, const std::error_code& error) {
  return MakeError(absl::StatusCode::kInternal, "STORE_FILES", what + ": " + error.message());
}

}  // namespace

absl::StatusOr<std::unique_ptr<CheckpointExporter>> CheckpointExporter::Create(
    std::string scratch_dir) {
  std::error_code error;
  fs::remove_all(scratch_dir, error);
  if (error) return FileSystemError("cannot empty " + scratch_dir, error);
  return std::unique_ptr<CheckpointExporter>(new CheckpointExporter(std::move(scratch_dir)));
}

absl::Status CheckpointExporter::Export(ServiceRuntime& runtime, absl::Time deadline,
                                        const Writer& write) {
  if (busy_.exchange(true)) {
    return WithRetryDelay(MakeError(absl::StatusCode::kResourceExhausted, "CHECKPOINT_BUSY",
                                    "this process is sending another checkpoint; retry, or ask "
                                    "another replica"),
                          absl::Seconds(5));
  }
  absl::Cleanup idle = [this] { busy_ = false; };
  if (runtime.rebuilding()) {
    return WithRetryDelay(
        MakeError(absl::StatusCode::kUnavailable, "PROJECTION_REBUILDING",
                  "this replica is rebuilding its store for a new projector version"),
        absl::Seconds(5));
  }
  const std::string dir = scratch_dir_ + "/checkpoint";
  std::error_code error;
  fs::remove_all(dir, error);
  fs::create_directories(scratch_dir_, error);
  if (error) return FileSystemError("cannot prepare " + scratch_dir_, error);
  absl::Cleanup remove = [&dir] {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  };

  absl::StatusOr<projection::ProjectionStore::Digest> digest = runtime.store().WriteCheckpoint(dir);
  if (!digest.ok()) return digest.status();
  absl::StatusOr<std::vector<ops::v1::CheckpointFile>> files = DescribeCheckpointFiles(dir);
  if (!files.ok()) return files.status();

  ops::v1::StreamStoreCheckpointResponse first;
  ops::v1::StoreCheckpointManifest& manifest = *first.mutable_manifest();
  manifest.set_store_version(runtime.store_version());
  manifest.set_checksum(digest->checksum);
  *manifest.mutable_positions() = events::ToLogPositions(digest->positions);
  for (ops::v1::CheckpointFile& file : *files) *manifest.add_files() = std::move(file);
  if (!write(first)) return absl::CancelledError("the receiver went away");
  return SendFiles(dir, manifest, deadline, write);
}

absl::Status CheckpointExporter::SendFiles(const std::string& dir,
                                           const ops::v1::StoreCheckpointManifest& manifest,
                                           absl::Time deadline, const Writer& write) const {
  ops::v1::StreamStoreCheckpointResponse message;
  ops::v1::CheckpointChunk& chunk = *message.mutable_chunk();
  std::string buffer(kCheckpointChunkBytes, '\0');
  for (int index = 0; index < manifest.files_size(); ++index) {
    const ops::v1::CheckpointFile& file = manifest.files(index);
    std::ifstream in(fs::path(dir) / file.name(), std::ios::binary);
    if (!in) return absl::InternalError("cannot read checkpoint file " + file.name());
    int64_t offset = 0;
    while (offset < file.size()) {
      if (absl::Now() >= deadline) {
        return absl::DeadlineExceededError("the checkpoint was not sent by the deadline");
      }
      const int64_t want = std::min<int64_t>(file.size() - offset, buffer.size());
      in.read(buffer.data(), want);
      if (in.gcount() != want) {
        return absl::InternalError("checkpoint file " + file.name() + " ended early");
      }
      chunk.set_file_index(index);
      chunk.set_offset(offset);
      chunk.set_data(buffer.data(), static_cast<size_t>(want));
      if (!write(message)) return absl::CancelledError("the receiver went away");
      offset += want;
    }
  }
  return absl::OkStatus();
}

}  // namespace stem::service
