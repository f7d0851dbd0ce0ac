// Small files that must survive a crash whole: a state file, a marker. The embedded event
// log keeps its own variant with its error conventions (eventlog/internal/embedded_files.h).
#ifndef STEM_LIBS_COMMON_DURABLE_FILE_H_
#define STEM_LIBS_COMMON_DURABLE_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace stem {

// Replaces `path` with `contents` so that a crash leaves the old or the new file, never a
// mix: a temporary file beside it, fsync, rename, fsync of the directory. INTERNAL, naming
// the file and the system's reason, when a step fails.
absl::Status WriteFileDurably(const std::string& path, std::string_view contents);

}  // namespace stem

#endif  // STEM_LIBS_COMMON_DURABLE_FILE_H_
