#include "libs/eventlog/internal/embedded_partition_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

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

// Copies the bytes [from, to) of `fd` to the new file `destination`, durably.
absl::Status CopyToNewFile(int fd, std::string_view path, uint64_t from, uint64_t to,
                           const std::string& destination) {
  const std::filesystem::path target(destination);
  if (absl::Status made = MakeDirectory(target.parent_path().string()); !made.ok()) return made;
  absl::StatusOr<UniqueFd> out = OpenFile(destination, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (!out.ok()) return out.status();
  std::string buffer;
  for (uint64_t at = from; at < to;) {
    buffer.resize(static_cast<size_t>(std::min<uint64_t>(to - at, kLargestChunk)));
    if (absl::Status read = ReadAllAt(fd, buffer.data(), buffer.size(), at, path); !read.ok()) {
      return read;
    }
    if (absl::Status written = WriteAllAt(out->get(), buffer, at - from, destination);
        !written.ok()) {
      return written;
    }
    at += buffer.size();
  }
  if (::fsync(out->get()) != 0) return ErrnoError("fsync", destination, errno);
  return SyncDirectory(target.parent_path().string());
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
      const uint64_t length = *size - position;
      absl::StatusOr<std::string_view> bytes = window.At(
          position,
          static_cast<size_t>(std::min<uint64_t>(length, kFrameHeaderSize + kMaxFrameBodySize)));
      if (!bytes.ok()) return bytes.status();
      TailVerdict verdict = ClassifyTail(*bytes, length);
      tail_ = {verdict.kind == TailVerdict::Kind::kTorn ? FileTail::Kind::kTorn
                                                        : FileTail::Kind::kDamaged,
               position, length, verdict.declared_commit_seq, std::move(verdict.why)};
      break;
    }
    if (frame.first_offset != next_offset_ ||
        (recovered_last_commit_seq_ != 0 && frame.commit_seq <= recovered_last_commit_seq_)) {
      tail_ = {FileTail::Kind::kDamaged, position, *size - position, 0,
               absl::StrCat("an intact frame out of sequence (commit ", frame.commit_seq,
                            ", first offset ", frame.first_offset, ")")};
      break;
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

absl::StatusOr<std::optional<FileCut>> PartitionFile::PlanCut(uint64_t commit_seq) const {
  FileWindow window(fd_.get(), path_, written_bytes_);
  uint64_t position = 0;
  FileCut cut;
  while (position < written_bytes_) {
    Frame frame;
    absl::StatusOr<FrameParse> parse = window.FrameAt(position, &frame);
    if (!parse.ok()) return parse.status();
    STEM_CHECK(*parse == FrameParse::kOk, "Open verified every frame below the tail");
    if (frame.commit_seq >= commit_seq) {
      if (cut.first_commit_seq == 0) {
        cut.from_byte = position;
        cut.first_commit_seq = frame.commit_seq;
      }
      cut.last_commit_seq = frame.commit_seq;
      cut.records += frame.record_count;
    } else {
      STEM_CHECK(cut.first_commit_seq == 0, "commit numbers grow along the file");
      cut.kept_last_commit_seq = frame.commit_seq;
      cut.kept_records += frame.record_count;
    }
    position += frame.size;
  }
  if (cut.first_commit_seq == 0) cut.from_byte = written_bytes_;
  cut.torn_bytes = tail_.length;
  cut.to_byte = written_bytes_ + tail_.length;
  if (cut.from_byte == cut.to_byte) return std::nullopt;
  cut.path = path_;
  return cut;
}

absl::StatusOr<std::optional<FileCut>> PartitionFile::CutFrom(uint64_t commit_seq,
                                                              const std::string& quarantine_path) {
  STEM_CHECK(staged_.empty() && unpublished_frames_.empty(), "recovery precedes writing");
  absl::StatusOr<std::optional<FileCut>> planned = PlanCut(commit_seq);
  if (!planned.ok() || !planned->has_value()) return planned;
  FileCut cut = **std::move(planned);
  cut.quarantine_path = quarantine_path;
  if (absl::Status copied =
          CopyToNewFile(fd_.get(), path_, cut.from_byte, cut.to_byte, quarantine_path);
      !copied.ok()) {
    return copied;
  }
  if (absl::Status truncated = TruncateTo(cut.from_byte); !truncated.ok()) return truncated;
  tail_ = FileTail();
  absl::MutexLock lock(&mu_);
  index_.erase(
      std::find_if(index_.begin(), index_.end(),
                   [&](const IndexEntry& entry) { return entry.position >= cut.from_byte; }),
      index_.end());
  recovered_last_commit_seq_ = cut.kept_last_commit_seq;
  next_offset_ = cut.kept_records;
  written_bytes_ = cut.from_byte;
  published_ = {next_offset_, cut.from_byte};
  return cut;
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
  STEM_CHECK(tail_.kind == FileTail::Kind::kNone, "recovery cut or refused the tail");
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
