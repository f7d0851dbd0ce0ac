// The error of a file-system step on a store's directories (promoting a rebuild, receiving
// or exporting a checkpoint).
#ifndef STEM_LIBS_SERVICE_INTERNAL_STORE_FILES_H_
#define STEM_LIBS_SERVICE_INTERNAL_STORE_FILES_H_

#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "libs/common/error.h"

namespace stem::service::internal {

// INTERNAL / STORE_FILES: `what` and the system's reason.
inline absl::Status StoreFilesError(const std::string& what, const std::error_code& error) {
  return MakeError(absl::StatusCode::kInternal, "STORE_FILES", what + ": " + error.message());
}

}  // namespace stem::service::internal

#endif  // STEM_LIBS_SERVICE_INTERNAL_STORE_FILES_H_
