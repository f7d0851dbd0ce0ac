#include "libs/service/checkpoint_export.h"

#include <filesystem>
#include <fstream>
#include <future>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/sha256.h"
#include "libs/events/log_positions.h"
#include "libs/service/internal/store_files.h"
#include "libs/service/store_checkpoint_files.h"

namespace stem::service {

namespace fs = std::filesystem;

absl::StatusOr<std::unique_ptr<CheckpointExporter>> CheckpointExporter::Create(
    std::string scratch_dir) {
  std::error_code error;
  fs::remove_all(scratch_dir, error);
  if (error) return internal::StoreFilesError("cannot empty " + scratch_dir, error);
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
  if (error) return internal::StoreFilesError("cannot prepare " + scratch_dir_, error);
  absl::Cleanup remove = [&dir] {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  };

  absl::StatusOr<std::unique_ptr<projection::StoreSnapshot>> snapshot =
      runtime.store().WriteCheckpoint(dir);
  if (!snapshot.ok()) return snapshot.status();
  absl::StatusOr<std::vector<ops::v1::CheckpointFile>> files = DescribeCheckpointFiles(dir);
  if (!files.ok()) return files.status();
  // The store's checksum is read (from the snapshot of what the checkpoint holds) while the
  // files go out; the future's destructor waits for it on every return.
  std::future<absl::StatusOr<projection::StoreSnapshot::Digest>> digest =
      std::async(std::launch::async, [&snapshot] { return (*snapshot)->TakeDigest(); });

  ops::v1::StreamStoreCheckpointResponse message;
  ops::v1::StoreCheckpointManifest& manifest = *message.mutable_manifest();
  manifest.set_store_version(runtime.store_version());
  for (ops::v1::CheckpointFile& file : *files) *manifest.add_files() = std::move(file);
  if (!write(message)) return absl::CancelledError("the receiver went away");

  ops::v1::StreamStoreCheckpointResponse last;
  ops::v1::StoreCheckpointSeal& seal = *last.mutable_seal();
  if (absl::Status sent = SendFiles(dir, message.manifest(), deadline, write, seal); !sent.ok()) {
    return sent;
  }
  absl::StatusOr<projection::StoreSnapshot::Digest> digested = digest.get();
  if (!digested.ok()) return digested.status();
  seal.set_checksum(digested->checksum);
  *seal.mutable_positions() = events::ToLogPositions(digested->positions);
  if (!write(last)) return absl::CancelledError("the receiver went away");
  return absl::OkStatus();
}

absl::Status CheckpointExporter::SendFiles(const std::string& dir,
                                           const ops::v1::StoreCheckpointManifest& manifest,
                                           absl::Time deadline, const Writer& write,
                                           ops::v1::StoreCheckpointSeal& seal) const {
  ops::v1::StreamStoreCheckpointResponse message;
  ops::v1::CheckpointChunk& chunk = *message.mutable_chunk();
  std::string buffer(kCheckpointChunkBytes, '\0');
  for (int index = 0; index < manifest.files_size(); ++index) {
    const ops::v1::CheckpointFile& file = manifest.files(index);
    std::ifstream in(fs::path(dir) / file.name(), std::ios::binary);
    if (!in) return absl::InternalError("cannot read checkpoint file " + file.name());
    absl::StatusOr<Sha256> hash = Sha256::Create();
    if (!hash.ok()) return hash.status();
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
      if (absl::Status hashed = hash->Update(chunk.data()); !hashed.ok()) return hashed;
      if (!write(message)) return absl::CancelledError("the receiver went away");
      offset += want;
    }
    absl::StatusOr<std::string> hex = hash->FinishHex();
    if (!hex.ok()) return hex.status();
    seal.add_file_sha256(*std::move(hex));
  }
  return absl::OkStatus();
}

}  // namespace stem::service
