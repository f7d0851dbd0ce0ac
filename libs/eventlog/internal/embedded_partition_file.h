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

class PartitionFile {
 public:
  struct Options {
    // One index entry per this many bytes of file (as Kafka's index.interval.bytes): a read
    // from any offset scans at most this much plus one frame.
    uint64_t index_interval_bytes = 4096;
  };
  // Sees (commit_seq, commit_parts) of every intact frame, in file order, while Open scans.
  using FrameVisitor = std::function<void(uint64_t commit_seq, uint32_t commit_parts)>;

  // Opens the file (creating it), verifies every frame and builds the index. A torn tail
  // (bytes after the last intact frame that no intact frame follows: the one write a crash
  // interrupted) is truncated away; damage followed by intact frames is DATA_LOSS, since
  // cutting there would lose acknowledged records.
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

  // Recovery, before anything is published or written: removes the frames of commits
  // numbered `commit_seq` and later (commit numbers grow along the file).
  absl::Status DropCommitsFrom(uint64_t commit_seq);
  // The highest commit number in the file after Open/DropCommitsFrom; 0 when empty.
  uint64_t recovered_last_commit_seq() const { return recovered_last_commit_seq_; }

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
