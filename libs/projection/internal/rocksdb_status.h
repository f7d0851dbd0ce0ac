// RocksDB's status as absl::Status, with what was being done.
#ifndef STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_STATUS_H_
#define STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_STATUS_H_

#include <string_view>

#include "absl/status/status.h"
#include "rocksdb/status.h"

namespace stem::projection::internal {

absl::Status FromRocksDb(const rocksdb::Status& status, std::string_view doing);

}  // namespace stem::projection::internal

#endif  // STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_STATUS_H_
