#include "libs/eventlog/internal/embedded_partition_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "libs/common/check.h"
#include "libs/eventlog/internal/embedded_frame.h"

namespace stem::eventlog::internal {
namespace {

// A window starts small, so that a poll for a few records reads little, and doubles with
// every refill, so that a long sequential read makes few system calls.
constexpr size_t kFirstChunk = size_t{8} << 10;
constexpr size_t kLargestChunk = size_t{1} << 20;

// A buffered view of a file's bytes below `limit`, for walking frames front to back.
class FileWindow {
 public:
  FileWindow(int fd, std::string_view path, uint64_t limit) : fd_(fd), path_(path), limit_(limit) {}

  // The bytes from `at` on: at least `min_length` of them (fewer only at the limit), and
  // whatever else the buffer holds.
  absl::StatusOr<std::string_view> At(uint64_t at, size_t min_length) {
    uint64_t want_end = std::min<uint64_t>(limit_, at + min_length);
    if (at < buffer_at_ || want_end > buffer_at_ + buffer_.size()) {
      size_t length = static_cast<size_t>(
          std::min<uint64_t>(limit_ - at, std::max<uint64_t>(chunk_, min_length)));
      chunk_ = std::min(chunk_ * 2, kLargestChunk);
      buffer_.resize(length);
      buffer_at_ = at;
      if (absl::Status read = ReadAllAt(fd_, buffer_.data(), length, at, path_); !read.ok()) {
        buffer_.clear();
        return read;
      }
    }
    return std::string_view(buffer_).substr(static_cast<size_t>(at - buffer_at_));
  }

  // Parses the frame at `at`, reading as much as its header says it needs.
  absl::StatusOr<FrameParse> FrameAt(uint64_t at, Frame* frame) {
    absl::StatusOr<std::string_view> bytes = At(at, kFrameHeaderSize);
    if (!bytes.ok()) return bytes.status();
    size_t body_length = 0;
    if (PeekFrameBodyLength(*bytes, &body_length) && body_length <= kMaxFrameBodySize &&
        bytes->size() < kFrameHeaderSize + body_length) {
      bytes = At(at, kFrameHeaderSize + body_length);
      if (!bytes.ok()) return bytes.status();
    }
    return ParseFrame(*bytes, frame);
  }

 private:
  const int fd_;
  const std::string_view path_;
  const uint64_t limit_;
  std::string buffer_;
  uint64_t buffer_at_ = 0;
  size_t chunk_ = kFirstChunk;
};

// Whether an intact frame starts anywhere in (from, limit): tells damage in the middle of a
// file from a torn tail.
absl::StatusOr<bool> IntactFrameAfter(int fd, std::string_view path, uint64_t from,
                                      uint64_t limit) {
  FileWindow window(fd, path, limit);
  char magic[4];
  for (size_t i = 0; i < 4; ++i) magic[i] = static_cast<char>((kFrameMagic >> (8 * i)) & 0xFFU);
  for (uint64_t at = from + 1; at + kFrameHeaderSize <= limit;) {
    absl::StatusOr<std::string_view> bytes = window.At(at, kFrameHeaderSize);
    if (!bytes.ok()) return bytes.status();
    size_t found = bytes->find(std::string_view(magic, 4));
    if (found == std::string_view::npos) {
      // The magic may straddle the buffer's end: look again from its last three bytes.
      at += std::max<uint64_t>(1, bytes->size() > 3 ? bytes->size() - 3 : 1);
      continue;
    }
    at += found;
    Frame frame;
    absl::StatusOr<FrameParse> parse = FileWindow(fd, path, limit).FrameAt(at, &frame);
    if (!parse.ok()) return parse.status();
    if (*parse == FrameParse::kOk) return true;
    ++at;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PartitionFile>> PartitionFile::Open(std::string path,
                                                                   const FrameVisitor& visit,
                                                                   Options options) {
  absl::StatusOr<UniqueFd> fd = OpenFile(path, O_RDWR | O_CREAT);
  if (!fd.ok()) return fd.status();
  std::unique_ptr<PartitionFile> file(new PartitionFile(std::move(path), *std::move(fd), options));
  if (absl::Status scanned = file->Scan(visit); !scanned.ok()) return scanned;
  return file;
}

absl::Status PartitionFile::Scan(const FrameVisitor& visit) {
  absl::StatusOr<uint64_t> size = FileSize(fd_.get(), path_);
  if (!size.ok()) return size.status();
  FileWindow window(fd_.get(), path_, *size);
  uint64_t position = 0;
  absl::MutexLock lock(&mu_);
  while (position < *size) {
    Frame frame;
    absl::StatusOr<FrameParse> parse = window.FrameAt(position, &frame);
    if (!parse.ok()) return parse.status();
    if (*parse != FrameParse::kOk) {
      absl::StatusOr<bool> damaged_middle = IntactFrameAfter(fd_.get(), path_, position, *size);
      if (!damaged_middle.ok()) return damaged_middle.status();
      if (*damaged_middle) {
        return absl::DataLossError(absl::StrCat("embedded event log: ", path_,
                                                " has a damaged frame at byte ", position,
                                                " followed by intact frames"));
      }
      // The tail of a write that a crash cut short: its commit never returned, so no reader
      // saw it and no caller was told it succeeded.
      if (absl::Status cut = TruncateTo(position); !cut.ok()) return cut;
      break;
    }
    if (frame.first_offset != next_offset_ ||
        (recovered_last_commit_seq_ != 0 && frame.commit_seq <= recovered_last_commit_seq_)) {
      return absl::DataLossError(absl::StrCat("embedded event log: ", path_, " frame at byte ",
                                              position, " is out of sequence"));
    }
    visit(frame.commit_seq, frame.commit_parts);
    recovered_last_commit_seq_ = frame.commit_seq;
    AddToIndex({frame.first_offset, position});
    next_offset_ += frame.record_count;
    position += frame.size;
  }
  written_bytes_ = position;
  published_ = {next_offset_, position};
  return absl::OkStatus();
}

absl::Status PartitionFile::DropCommitsFrom(uint64_t commit_seq) {
  STEM_CHECK(staged_.empty() && unpublished_frames_.empty(), "recovery precedes writing");
  FileWindow window(fd_.get(), path_, written_bytes_);
  uint64_t position = 0;
  int64_t offset = 0;
  uint64_t last_kept_seq = 0;
  while (position < written_bytes_) {
    Frame frame;
    absl::StatusOr<FrameParse> parse = window.FrameAt(position, &frame);
    if (!parse.ok()) return parse.status();
    STEM_CHECK(*parse == FrameParse::kOk, "Open verified every frame");
    if (frame.commit_seq >= commit_seq) break;
    last_kept_seq = frame.commit_seq;
    offset += frame.record_count;
    position += frame.size;
  }
  if (position == written_bytes_) return absl::OkStatus();
  if (absl::Status cut = TruncateTo(position); !cut.ok()) return cut;
  absl::MutexLock lock(&mu_);
  index_.erase(std::find_if(index_.begin(), index_.end(),
                            [&](const IndexEntry& entry) { return entry.position >= position; }),
               index_.end());
  recovered_last_commit_seq_ = last_kept_seq;
  next_offset_ = offset;
  written_bytes_ = position;
  published_ = {offset, position};
  return absl::OkStatus();
}

absl::Status PartitionFile::TruncateTo(uint64_t bytes) {
  if (::ftruncate(fd_.get(), static_cast<off_t>(bytes)) != 0) {
    return ErrnoError("ftruncate", path_, errno);
  }
  return Sync();
}

int64_t PartitionFile::StageFrame(
    uint64_t commit_seq, uint32_t commit_parts,
    const std::vector<std::pair<std::string_view, std::string_view>>& records,
    int64_t log_time_micros) {
  STEM_CHECK(staged_.empty(), "one frame per commit and partition");
  int64_t first_offset = next_offset_;
  std::vector<FrameRecord> frame_records;
  frame_records.reserve(records.size());
  for (const auto& [key, value] : records) {
    frame_records.push_back({next_offset_++, log_time_micros, key, value});
  }
  unpublished_frames_.push_back({first_offset, written_bytes_ + staged_.size()});
  EncodeFrame(commit_seq, commit_parts, frame_records, &staged_);
  return first_offset;
}

absl::Status PartitionFile::FlushStaged() {
  absl::Status written = WriteAllAt(fd_.get(), staged_, written_bytes_, path_);
  // Even a failed write may have put bytes in the file; Rollback cuts them off.
  written_bytes_ += staged_.size();
  staged_.clear();
  return written;
}

absl::Status PartitionFile::Sync() {
  if (::fdatasync(fd_.get()) != 0) return ErrnoError("fdatasync", path_, errno);
  return absl::OkStatus();
}

void PartitionFile::Publish() {
  STEM_CHECK(staged_.empty(), "frames are flushed before they are published");
  absl::MutexLock lock(&mu_);
  for (const IndexEntry& entry : unpublished_frames_) AddToIndex(entry);
  unpublished_frames_.clear();
  published_ = {next_offset_, written_bytes_};
}

absl::Status PartitionFile::Rollback() {
  End published = published_end();
  staged_.clear();
  unpublished_frames_.clear();
  next_offset_ = published.offset;
  written_bytes_ = published.bytes;
  return TruncateTo(published.bytes);
}

void PartitionFile::AddToIndex(const IndexEntry& entry) {
  if (index_.empty() || entry.position >= index_.back().position + options_.index_interval_bytes) {
    index_.push_back(entry);
  }
}

PartitionFile::End PartitionFile::published_end() const {
  absl::MutexLock lock(&mu_);
  return published_;
}

uint64_t PartitionFile::FramePositionFor(int64_t offset) const {
  absl::MutexLock lock(&mu_);
  auto after = std::upper_bound(
      index_.begin(), index_.end(), offset,
      [](int64_t wanted, const IndexEntry& entry) { return wanted < entry.first_offset; });
  return after == index_.begin() ? 0 : std::prev(after)->position;
}

absl::Status PartitionFile::Read(int64_t from_offset, End end, size_t max_records,
                                 const TopicPartition& topic_partition, ReadCursor* cursor,
                                 std::vector<Record>* out) const {
  uint64_t position = cursor->next_offset == from_offset && cursor->frame_position <= end.bytes
                          ? cursor->frame_position
                          : FramePositionFor(from_offset);
  int64_t next = from_offset;
  size_t taken = 0;
  FileWindow window(fd_.get(), path_, end.bytes);
  while (position < end.bytes && next < end.offset && taken < max_records) {
    Frame frame;
    absl::StatusOr<FrameParse> parse = window.FrameAt(position, &frame);
    if (!parse.ok()) return parse.status();
    if (*parse != FrameParse::kOk) {
      return absl::DataLossError(absl::StrCat("embedded event log: ", path_,
                                              " changed under a reader at byte ", position));
    }
    FrameRecordReader reader(frame);
    FrameRecord record;
    while (taken < max_records && reader.Next(&record)) {
      if (record.offset < next) continue;
      out->push_back(Record{topic_partition, record.offset, std::string(record.key),
                            std::string(record.value),
                            absl::FromUnixMicros(record.log_time_micros)});
      next = record.offset + 1;
      ++taken;
    }
    // Stay on a frame that still has records for the next read.
    if (next < frame.first_offset + static_cast<int64_t>(frame.record_count)) break;
    position += frame.size;
  }
  *cursor = {next, position};
  return absl::OkStatus();
}

}  // namespace stem::eventlog::internal
