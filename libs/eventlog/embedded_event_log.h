// The event log in a local directory, for the all-in-one mode and for tests that need no
// broker. Same contract as Kafka (event_log.h).
//
// Layout: <dir>/<topic>/<partition>.log, append-only. Each Append writes one frame per
// partition it touches (length, CRC-32C, records) with a single write(2), then fdatasync, so
// a call that returned survives kill -9 and power loss; a torn frame at the tail (the
// process died inside write) is dropped when the log is opened. One process at a time
// writes a directory (an flock on <dir>/LOCK).
#ifndef STEM_LIBS_EVENTLOG_EMBEDDED_EVENT_LOG_H_
#define STEM_LIBS_EVENTLOG_EMBEDDED_EVENT_LOG_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"

namespace stem::eventlog {

struct EmbeddedOptions {
  std::string directory;
  // fdatasync after every append. Off only in throw-away test logs; kill -9 safety does
  // not depend on it, power-loss safety does.
  bool sync = true;
};

absl::StatusOr<std::unique_ptr<EventLog>> OpenEmbeddedEventLog(const EmbeddedOptions& options);

}  // namespace stem::eventlog

#endif  // STEM_LIBS_EVENTLOG_EMBEDDED_EVENT_LOG_H_
