// The files of a store checkpoint as they travel between replicas
// (ProjectionService.StreamStoreCheckpoint): which files of a RocksDB checkpoint are sent,
// the names a receiver accepts, and the size of a chunk.
#ifndef STEM_LIBS_SERVICE_STORE_CHECKPOINT_FILES_H_
#define STEM_LIBS_SERVICE_STORE_CHECKPOINT_FILES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stem/ops/v1/projection_service.pb.h"

namespace stem::service {

inline constexpr size_t kCheckpointChunkBytes = size_t{1} << 20;

// A plain RocksDB file name: 1-255 of [A-Za-z0-9._-], not starting with '.'. Nothing that
// could name a directory or leave the checkpoint's directory.
bool IsCheckpointFileName(std::string_view name);

// The files of the checkpoint in `dir` that a replica needs, in name order, with their
// sizes: every regular file but RocksDB's lock and its own info logs.
absl::StatusOr<std::vector<ops::v1::CheckpointFile>> DescribeCheckpointFiles(
    const std::string& dir);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_STORE_CHECKPOINT_FILES_H_
