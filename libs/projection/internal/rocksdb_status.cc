#include "libs/projection/internal/rocksdb_status.h"

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"

namespace stem::projection::internal {
namespace {

absl::StatusCode CodeOf(const rocksdb::Status& status) {
  using Code = rocksdb::Status::Code;
  switch (status.code()) {
    case Code::kOk:
      return absl::StatusCode::kOk;
    case Code::kNotFound:
      return absl::StatusCode::kNotFound;
    case Code::kCorruption:
      return absl::StatusCode::kDataLoss;
    case Code::kNotSupported:
      return absl::StatusCode::kUnimplemented;
    case Code::kInvalidArgument:
      return absl::StatusCode::kInvalidArgument;
    case Code::kAborted:
      return absl::StatusCode::kAborted;
    case Code::kTimedOut:
      return absl::StatusCode::kDeadlineExceeded;
    // The LOCK of a store held by another process comes back as an IOError; a disk that is
    // full or gone too. Both may pass, so the caller may retry.
    case Code::kIOError:
    case Code::kBusy:
    case Code::kTryAgain:
    case Code::kShutdownInProgress:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

absl::Status FromRocksDb(const rocksdb::Status& status, std::string_view doing) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(CodeOf(status),
                      absl::StrCat("rocksdb: ", ToAbsl(doing), ": ", status.ToString()));
}

}  // namespace stem::projection::internal
