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

// fsync of a directory (empty: the current one), so that the names created or renamed in it
// survive a crash. INTERNAL, naming the directory and the system's reason, on failure.
absl::Status SyncDirectory(const std::string& directory);

}  // namespace stem

#endif  // STEM_LIBS_COMMON_DURABLE_FILE_H_
