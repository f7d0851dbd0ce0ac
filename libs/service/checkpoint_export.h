// The peer's side of a checkpoint bootstrap (ProjectionService.StreamStoreCheckpoint): a
// RocksDB checkpoint of one store, written to a scratch directory, announced by a manifest
// (its files and their sizes), streamed in chunks and sealed with the files' SHA-256 and
// the checksum and positions of exactly the state it holds, read while the files go out. One export
// at a time per process: a checkpoint flushes the store and reads it whole, which a burst of new
// replicas must not multiply.
#ifndef STEM_LIBS_SERVICE_CHECKPOINT_EXPORT_H_
#define STEM_LIBS_SERVICE_CHECKPOINT_EXPORT_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/service/service_runtime.h"
#include "stem/ops/v1/projection_service.pb.h"

namespace stem::service {

class CheckpointExporter {
 public:
  // Sends one message; false when the caller has gone.
  using Writer = std::function<bool(const ops::v1::StreamStoreCheckpointResponse&)>;

  // `scratch_dir` holds the checkpoint while it is sent; what an earlier process left there
  // is removed now. Errors are the file system's.
  static absl::StatusOr<std::unique_ptr<CheckpointExporter>> Create(std::string scratch_dir);

  // Streams a checkpoint of `runtime`'s store: RESOURCE_EXHAUSTED / CHECKPOINT_BUSY while
  // another is sent, UNAVAILABLE / PROJECTION_REBUILDING while the store is replaced,
  // CANCELLED when the receiver goes, DEADLINE_EXCEEDED at `deadline`.
  absl::Status Export(ServiceRuntime& runtime, absl::Time deadline, const Writer& write);

 private:
  explicit CheckpointExporter(std::string scratch_dir) : scratch_dir_(std::move(scratch_dir)) {}
  // Adds each file's SHA-256 to `seal`.
  absl::Status SendFiles(const std::string& dir, const ops::v1::StoreCheckpointManifest& manifest,
                         absl::Time deadline, const Writer& write,
                         ops::v1::StoreCheckpointSeal& seal) const;

  const std::string scratch_dir_;
  std::atomic<bool> busy_{false};
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_CHECKPOINT_EXPORT_H_
