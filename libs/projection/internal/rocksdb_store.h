// The RocksDB implementation of ProjectionStore (projection_store.h has the layout).
#ifndef STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_STORE_H_
#define STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"

namespace stem::projection::internal {

absl::StatusOr<std::unique_ptr<ProjectionStore>> OpenRocksDbStore(const std::string& path,
                                                                  const StoreOptions& options);

}  // namespace stem::projection::internal

#endif  // STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_STORE_H_
