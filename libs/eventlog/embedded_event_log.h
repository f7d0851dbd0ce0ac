// The event log in a local directory, for the all-in-one mode and for tests that need no
// broker. Same contract as Kafka (event_log.h).
//
// Layout: <dir>/LOCK, and per topic <dir>/<topic>/TOPIC (the partition count, replaced
// atomically: temp file, fsync, rename, fsync of the directory) and <dir>/<topic>/<p>.log,
// one append-only file per partition. Offsets are dense record indices per partition,
// from 0.
//
// Writes: appends are group-committed. A commit (one Append call, or several concurrent
// calls merged) writes one checksummed frame per partition it touches, each with a single
// pwrite (frame layout: internal/embedded_frame.h), then fdatasyncs them when `sync` is on,
// and only then publishes the new ends to readers, all partitions at once: readers never
// see part of a call, and an Append that returned OK survives kill -9 (and power loss with
// `sync`).
//
// Recovery (internal/embedded_recovery.h): every frame carries its commit's number and how
// many frames the commit wrote. Opening the log cuts the one commit a crash can leave
// unfinished - the last, with frames missing or cut short at the end of their files - off
// every file, so that a call is there entirely or not at all; the cut bytes are first
// copied to <dir>/quarantine/ and the cut is logged with file, byte range and commits. Any
// other damage (a checksum mismatch anywhere, a partial frame of an older commit, an
// unfinished commit that later ones follow) fails the open with DATA_LOSS / LOG_DAMAGED
// naming file, byte and commit, and changes no byte.
//
// Reads: an in-memory sparse index (one entry per 4 KiB of file) built at open lets a
// subscription start anywhere with a binary search and a short scan; after that it reads
// sequentially. Subscriptions: internal/embedded_subscription.h (consumer groups live in
// this process only; ReportProgress is a no-op).
//
// One process at a time opens a directory (flock on <dir>/LOCK; a second open fails with
// FAILED_PRECONDITION, in another process or in this one). Subscriptions should be
// destroyed before their log; one that outlives it fails its polls with FAILED_PRECONDITION.
// Record::log_time is the writer's wall clock (absl::Now()) at the commit, like Kafka's
// LogAppendTime, not the suite's business clock.
#ifndef STEM_LIBS_EVENTLOG_EMBEDDED_EVENT_LOG_H_
#define STEM_LIBS_EVENTLOG_EMBEDDED_EVENT_LOG_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"

namespace stem::eventlog {

struct EmbeddedOptions {
  // Created if missing (its parent must exist).
  std::string directory;
  // fdatasync after every append. Off only in throw-away test logs; kill -9 safety does
  // not depend on it, power-loss safety does.
  bool sync = true;
  // Where the open reports what recovery cut (one line each); stderr when empty.
  std::function<void(const std::string&)> log = nullptr;
};

absl::StatusOr<std::unique_ptr<EventLog>> OpenEmbeddedEventLog(const EmbeddedOptions& options);

}  // namespace stem::eventlog

#endif  // STEM_LIBS_EVENTLOG_EMBEDDED_EVENT_LOG_H_
