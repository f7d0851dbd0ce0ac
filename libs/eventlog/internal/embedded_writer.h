// The embedded log's write path, with group commit: concurrent Append calls queue up, and
// whoever finds no commit in progress leads the next one for everything queued, so many
// callers share one write per partition and one fdatasync.
//
// A commit numbers itself, writes one frame per partition it touches (each with a single
// pwrite), fdatasyncs them when sync is on, and only then publishes the new ends under the
// core's mutex: readers see all of a commit or nothing. When a write or sync fails, every
// file is cut back to its published end and the commit's callers get the error; if even
// that fails, the writer refuses all later appends (reopen the log to recover).
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_WRITER_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_WRITER_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/embedded_log_core.h"
#include "libs/eventlog/internal/embedded_partition_file.h"

namespace stem::eventlog::internal {

// A record whose partition file is known.
struct ResolvedRecord {
  TopicPartition topic_partition;
  PartitionFile* file = nullptr;
  std::string key;
  std::string value;
};

class CommitWriter {
 public:
  // `core` must outlive the writer; `last_commit_seq` is the highest number on disk.
  CommitWriter(LogCore* core, uint64_t last_commit_seq, bool sync)
      : core_(core), sync_(sync), last_commit_seq_(last_commit_seq) {}

  // Appends one call's records (each partition's frame at most kMaxFrameBodySize). The
  // deadline applies while the call waits for its turn; once its commit started, the call
  // waits for it, since the records may already be on disk.
  absl::StatusOr<std::vector<RecordPosition>> Append(std::vector<ResolvedRecord> records,
                                                     absl::Time deadline);

 private:
  struct PendingCall {
    std::vector<ResolvedRecord> records;
    size_t encoded_bytes = 0;
    bool taken = false;
    bool done = false;
    absl::StatusOr<std::vector<RecordPosition>> result;
  };

  // Runs one commit for `calls`, without holding mu_; sets each call's result.
  void Commit(const std::vector<PendingCall*>& calls);
  // Takes the calls of the next commit off the queue.
  std::vector<PendingCall*> TakeBatchLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  LogCore* const core_;
  const bool sync_;

  absl::Mutex mu_;
  absl::CondVar progress_;
  std::deque<PendingCall*> queue_ ABSL_GUARDED_BY(mu_);
  bool committing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status broken_ ABSL_GUARDED_BY(mu_);
  // Touched only by the commit leader (committing_ hands it over under mu_).
  uint64_t last_commit_seq_;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_WRITER_H_
