#include "libs/projection/projection_store.h"

#include "libs/projection/internal/rocksdb_store.h"

namespace stem::projection {

absl::StatusOr<std::unique_ptr<ProjectionStore>> ProjectionStore::Open(
    const std::string& path, const StoreOptions& options) {
  return internal::OpenRocksDbStore(path, options);
}

absl::StatusOr<std::string> ProjectionStore::Checksum() const {
  absl::StatusOr<Digest> digest = TakeDigest();
  if (!digest.ok()) return digest.status();
  return std::move(digest->checksum);
}

}  // namespace stem::projection
