// Writes a checkpoint as its messages arrive (store_bootstrap.h), checking each against the
// manifest and the rules of the stream; the peer is not trusted: any message out of line is
// refused with DATA_LOSS / CHECKPOINT_INVALID and the directory is left for the caller to
// remove.
#ifndef STEM_LIBS_SERVICE_INTERNAL_CHECKPOINT_RECEIVER_H_
#define STEM_LIBS_SERVICE_INTERNAL_CHECKPOINT_RECEIVER_H_

#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/common/sha256.h"
#include "libs/projection/projection_store.h"
#include "stem/ops/v1/projection_service.pb.h"

namespace stem::service::internal {

class CheckpointReceiver {
 public:
  // `dir` must exist and be empty.
  CheckpointReceiver(std::string dir, std::string store_version, int64_t max_bytes)
      : dir_(std::move(dir)), store_version_(std::move(store_version)), max_bytes_(max_bytes) {}
  ~CheckpointReceiver();
  CheckpointReceiver(const CheckpointReceiver&) = delete;
  CheckpointReceiver& operator=(const CheckpointReceiver&) = delete;

  // The manifest first, then the files' chunks in order (file after file, each from offset
  // 0 on, without gaps), then the seal. FAILED_PRECONDITION / CHECKPOINT_VERSION_MISMATCH
  // for a store of another version.
  absl::Status Accept(const ops::v1::StreamStoreCheckpointResponse& message);

  // After the last message: every file is whole, has the seal's SHA-256 and is synced, the
  // directory too, and the store opened from it has the seal's checksum and positions;
  // returns them.
  absl::StatusOr<projection::ProjectionStore::Digest> Finish();

  int64_t bytes() const { return bytes_; }
  int64_t files() const { return manifest_.has_value() ? manifest_->files_size() : 0; }

 private:
  absl::Status AcceptManifest(const ops::v1::StoreCheckpointManifest& manifest);
  absl::Status AcceptChunk(const ops::v1::CheckpointChunk& chunk);
  absl::Status AcceptSeal(const ops::v1::StoreCheckpointSeal& seal);
  // Opens file `index` for writing (the files before it are complete).
  absl::Status StartFile(int index);
  // Whether the files after the current one are empty.
  bool RestAreEmpty() const;
  // Once every byte is in: closes the files, syncs the directory and starts reading the
  // store's digest (digest_).
  absl::Status CompleteFiles();
  // Checks the open file's size, records its digest, syncs and closes it.
  absl::Status FinishFile();

  const std::string dir_;
  const std::string store_version_;
  const int64_t max_bytes_;
  std::optional<ops::v1::StoreCheckpointManifest> manifest_;
  std::optional<ops::v1::StoreCheckpointSeal> seal_;
  // Of each file written so far.
  std::vector<std::string> file_sha256_;
  // The file being written: its index, descriptor, bytes so far and running digest.
  int current_ = -1;
  int fd_ = -1;
  int64_t written_ = 0;
  std::optional<Sha256> hash_;
  int64_t bytes_ = 0;
  // The received store's digest, read on another thread from the last byte on; the
  // destructor waits for it.
  std::future<absl::StatusOr<projection::ProjectionStore::Digest>> digest_;
};

}  // namespace stem::service::internal

#endif  // STEM_LIBS_SERVICE_INTERNAL_CHECKPOINT_RECEIVER_H_
