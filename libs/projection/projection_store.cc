#include "libs/projection/projection_store.h"

#include "libs/projection/internal/rocksdb_store.h"

namespace stem::projection {

absl::StatusOr<std::unique_ptr<ProjectionStore>> ProjectionStore::Open(
    const std::string& path, const StoreOptions& options) {
  return internal::OpenRocksDbStore(path, options);
}

}  // namespace stem::projection
