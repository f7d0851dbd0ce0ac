// The embedded log's on-disk frame: what one commit writes to one partition file, with one
// pwrite. A commit is one Append call, or several concurrent calls that group commit made
// durable with the same fdatasync; each call's records for a partition sit in one frame.
//
//   header (12 bytes, little-endian):
//     magic        u32  "STL1"
//     body_length  u32  bytes of the body that follows
//     crc32c       u32  CRC-32C of the body
//   body:
//     commit_seq    u64  sequence number of the commit (grows per log, across files)
//     commit_parts  u32  number of frames the commit wrote, over all partitions it touched
//     record_count u32  >= 1
//     records, each:
//       offset           i64  dense per partition: first record's + index in the frame
//       log_time_micros  i64  when the log accepted the commit (Unix microseconds)
//       key_length       u32
//       value_length     u32
//       key bytes, value bytes
//
// commit_seq and commit_parts let recovery tell a commit that reached every file from one
// that did not (see embedded_event_log.h).
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_FRAME_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_FRAME_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stem::eventlog::internal {

inline constexpr uint32_t kFrameMagic = 0x314C5453U;  // "STL1" in file order.
inline constexpr size_t kFrameHeaderSize = 12;
inline constexpr size_t kFrameBodyFixedSize = 16;
inline constexpr size_t kRecordFixedSize = 24;
// Far above what an event batch needs; bounds what a corrupt length can make us read.
inline constexpr size_t kMaxFrameBodySize = size_t{64} << 20;

struct FrameRecord {
  int64_t offset = 0;
  int64_t log_time_micros = 0;
  std::string_view key;
  std::string_view value;
};

// Bytes a record adds to a frame body.
inline size_t EncodedRecordSize(std::string_view key, std::string_view value) {
  return kRecordFixedSize + key.size() + value.size();
}

// Appends one frame holding `records` (non-empty, offsets consecutive) to `out`.
void EncodeFrame(uint64_t commit_seq, uint32_t commit_parts,
                 const std::vector<FrameRecord>& records, std::string* out);

struct Frame {
  uint64_t commit_seq = 0;
  uint32_t commit_parts = 0;
  uint32_t record_count = 0;
  int64_t first_offset = 0;
  // Header and body.
  size_t size = 0;
  // The encoded records, for FrameRecordReader.
  std::string_view records;
};

enum class FrameParse {
  kOk,
  // `data` ends before the frame does: a frame still being read, or a torn write.
  kIncomplete,
  // Wrong magic, impossible length, checksum mismatch or malformed records.
  kCorrupt,
};

// Parses and verifies the frame at the start of `data`. On kOk, every record in the frame is
// known to be well formed, so FrameRecordReader cannot fail.
FrameParse ParseFrame(std::string_view data, Frame* frame);

// What the bytes after a file's last intact frame can be. Only the one write a crash
// interrupted may be cut at open; everything else is damage an operator must see.
struct TailVerdict {
  enum class Kind {
    // The start of a frame whose declared length runs past the end of the file (or the
    // start of a header): a write cut short.
    kTorn,
    // Anything else: wrong magic, an impossible length, a whole frame that fails its
    // checksum or layout, a frame whose length field alone is wrong.
    kDamaged,
  };
  Kind kind = Kind::kDamaged;
  // The commit a torn frame declares, when its body reaches that far; 0 otherwise. Not
  // covered by a checksum (the frame is incomplete), so only a consistency hint.
  uint64_t declared_commit_seq = 0;
  // For kDamaged, what is wrong.
  std::string why;
};

// Judges a tail: `data` holds its first bytes (all of it, or at least kFrameHeaderSize +
// kMaxFrameBodySize of it), `tail_length` is how many bytes run to the end of the file.
// `data` must not be a frame ParseFrame accepts.
TailVerdict ClassifyTail(std::string_view data, uint64_t tail_length);

// The body length a frame header declares, when `data` holds a header with the right magic.
bool PeekFrameBodyLength(std::string_view data, size_t* body_length);

// Walks the records of a frame that ParseFrame accepted.
class FrameRecordReader {
 public:
  explicit FrameRecordReader(const Frame& frame) : rest_(frame.records) {}
  // False after the last record.
  bool Next(FrameRecord* record);

 private:
  std::string_view rest_;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_FRAME_H_
