// One partition of the embedded log: the append-only file <dir>/<topic>/<partition>.log, a
// sparse in-memory index of it, and the end that readers may see.
//
// Writer side (one writer at a time, serialised by the owner): StageFrame encodes frames in
// memory, FlushStaged writes them with one pwrite, Sync makes them durable, Publish makes
// them visible to readers; Rollback cuts the file back to the published end after an error.
// Reader side (any thread): published_end and Read. Bytes below the published end never
// change while the file is open, so readers pread them without holding any lock.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_PARTITION_FILE_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_PARTITION_FILE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/embedded_files.h"

namespace stem::eventlog::internal {

// Where a reader stopped, so its next read continues without an index lookup.
struct ReadCursor {
  // The next offset to read; -1 before the first read.
  int64_t next_offset = -1;
  // File position of a frame whose first offset is at most next_offset.
  uint64_t frame_position = 0;
};

// What follows a file's last intact frame, as Open found it.
struct FileTail {
  enum class Kind {
    kNone,     // the file ends with an intact frame, or is empty
    kTorn,     // a frame cut short (TailVerdict::Kind::kTorn)
    kDamaged,  // anything else, including an intact frame out of sequence
  };
  Kind kind = Kind::kNone;
  // The end of the last intact frame, and the bytes from there to the end of the file.
  uint64_t position = 0;
  uint64_t length = 0;
  // What a torn frame declares as its commit (0: unknown); for kDamaged, what is wrong.
  uint64_t declared_commit_seq = 0;
  std::string why;
};

// What recovery cut off a file, after copying it to a quarantine file.
struct FileCut {
  std::string path;
  uint64_t from_byte = 0;
  uint64_t to_byte = 0;
  // The intact frames among the cut bytes: their commits and records (0 when none).
  uint64_t first_commit_seq = 0;
  uint64_t last_commit_seq = 0;
  int64_t records = 0;
  // Bytes of a torn frame at the end.
  uint64_t torn_bytes = 0;
  // What stays: the last commit and the records before the cut.
  uint64_t kept_last_commit_seq = 0;
  int64_t kept_records = 0;
  std::string quarantine_path;
};

class PartitionFile {
 public:
  struct Options {
    // One index entry per this many bytes of file (as Kafka's index.interval.bytes): a read
    // from any offset scans at most this much plus one frame.
    uint64_t index_interval_bytes = 4096;
  };
  // Sees (commit_seq, commit_parts) of every intact frame, in file order, while Open scans.
  using FrameVisitor = std::function<void(uint64_t commit_seq, uint32_t commit_parts)>;

  // Opens the file (creating it), verifies its frames in order and builds the index of the
  // intact ones. Changes nothing on disk: whatever follows the last intact frame is
  // described by tail(), for recovery (embedded_topics.h) to cut or refuse. A file with a
  // tail cannot be written until CutFrom removed it.
  static absl::StatusOr<std::unique_ptr<PartitionFile>> Open(std::string path,
                                                             const FrameVisitor& visit,
                                                             Options options);
  static absl::StatusOr<std::unique_ptr<PartitionFile>> Open(std::string path,
                                                             const FrameVisitor& visit) {
    return Open(std::move(path), visit, Options());
  }

  PartitionFile(const PartitionFile&) = delete;
  PartitionFile& operator=(const PartitionFile&) = delete;

  const std::string& path() const { return path_; }

  const FileTail& tail() const { return tail_; }
  // The highest commit number among the intact frames; 0 when there is none.
  uint64_t recovered_last_commit_seq() const { return recovered_last_commit_seq_; }

  // Recovery, before anything is published or written: cuts off the frames of commits
  // numbered `commit_seq` and later (commit numbers grow along the file) and the tail,
  // after copying those bytes to a new file `quarantine_path` (synced, as is its
  // directory). Nothing to cut: nullopt, and no file is made.
  absl::StatusOr<std::optional<FileCut>> CutFrom(uint64_t commit_seq,
                                                 const std::string& quarantine_path);
  // What CutFrom(commit_seq) would cut, changing nothing (no quarantine path).
  absl::StatusOr<std::optional<FileCut>> PlanCut(uint64_t commit_seq) const;

  // Writer side. Encodes the commit's frame for this partition (one per commit, so that a
  // torn write can only be the last frame) at the next offsets; returns the offset of its
  // first record.
  int64_t StageFrame(uint64_t commit_seq, uint32_t commit_parts,
                     const std::vector<std::pair<std::string_view, std::string_view>>& records,
                     int64_t log_time_micros);
  bool has_staged() const { return !staged_.empty(); }
  // Writes the staged frame with a single pwrite.
  absl::Status FlushStaged();
  // fdatasync.
  absl::Status Sync();
  // Makes every flushed frame visible to readers.
  void Publish();
  // Forgets staged frames and cuts flushed but unpublished ones off the file.
  absl::Status Rollback();

  // Reader side.
  struct End {
    int64_t offset = 0;
    uint64_t bytes = 0;
  };
  End published_end() const;
  // Appends the records of [from_offset, end.offset) to `out`, at most `max_records`, and
  // leaves `cursor` after the last one (cursor->next_offset: the next offset to read). `end`
  // is a published end this reader saw, so that a reader of several partitions sees one
  // consistent cut of the log.
  absl::Status Read(int64_t from_offset, End end, size_t max_records,
                    const TopicPartition& topic_partition, ReadCursor* cursor,
                    std::vector<Record>* out) const;

 private:
  struct IndexEntry {
    int64_t first_offset;
    uint64_t position;
  };

  PartitionFile(std::string path, UniqueFd fd, Options options)
      : path_(std::move(path)), fd_(std::move(fd)), options_(options) {}

  absl::Status Scan(const FrameVisitor& visit);
  absl::Status TruncateTo(uint64_t bytes);
  void AddToIndex(const IndexEntry& entry);
  // Position of a frame whose first offset is at most `offset`.
  uint64_t FramePositionFor(int64_t offset) const;

  const std::string path_;
  const UniqueFd fd_;
  const Options options_;
  uint64_t recovered_last_commit_seq_ = 0;
  FileTail tail_;

  // Writer state.
  std::string staged_;
  std::vector<IndexEntry> unpublished_frames_;
  int64_t next_offset_ = 0;
  uint64_t written_bytes_ = 0;

  mutable absl::Mutex mu_;
  End published_ ABSL_GUARDED_BY(mu_);
  std::vector<IndexEntry> index_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_PARTITION_FILE_H_
