// Files that hold secrets (bearer tokens, the facts' MAC keys): read only when nobody but
// their owner may read or write them, so that a deployment cannot leak them by accident.
#ifndef STEM_LIBS_COMMON_SECRET_FILE_H_
#define STEM_LIBS_COMMON_SECRET_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stem {

// The contents of `path`. NOT_FOUND when it cannot be read; FAILED_PRECONDITION when it is
// not a regular file or its group or others have any permission on it. `what` names the
// file in messages ("token file").
absl::StatusOr<std::string> ReadSecretFile(const std::string& path, std::string_view what);

}  // namespace stem

#endif  // STEM_LIBS_COMMON_SECRET_FILE_H_
