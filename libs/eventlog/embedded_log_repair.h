// The operator's tool for an embedded log that refuses to open (DATA_LOSS / LOG_DAMAGED):
// show what is damaged, and - only when told - move it aside. Both take the directory's
// lock, so no process may have the log open.
//
// Moving aside cuts, in every file, every commit from the first one the damage may have
// touched, and the damaged bytes, after copying them to <dir>/quarantine/. The log then
// opens with the whole commits before the damage. Acknowledged facts may be among what is
// cut: they leave the log (the quarantine files keep their bytes), and every projection
// store that applied them refuses to start (STORE_AHEAD_OF_LOG) until it is rebuilt.
#ifndef STEM_LIBS_EVENTLOG_EMBEDDED_LOG_REPAIR_H_
#define STEM_LIBS_EVENTLOG_EMBEDDED_LOG_REPAIR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace stem::eventlog {

struct EmbeddedLogInspection {
  // One line per partition file: its whole commits and records, and what follows them.
  std::vector<std::string> files;
  // OK when the log opens (perhaps after cutting the commit a crash left unfinished);
  // otherwise why it refuses.
  absl::Status opens;
  // What moving aside would cut: from this commit on (0: nothing), how many whole records,
  // and how many damaged or partial bytes.
  uint64_t cut_from_commit = 0;
  int64_t records_to_move = 0;
  uint64_t damaged_bytes = 0;
};

// Changes nothing.
absl::StatusOr<EmbeddedLogInspection> InspectEmbeddedLog(const std::string& directory);

// One line per file cut: its byte range, commits and records, and the quarantine file.
absl::StatusOr<std::vector<std::string>> MoveEmbeddedLogDamageAside(const std::string& directory);

}  // namespace stem::eventlog

#endif  // STEM_LIBS_EVENTLOG_EMBEDDED_LOG_REPAIR_H_
