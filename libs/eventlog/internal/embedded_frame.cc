#include "libs/eventlog/internal/embedded_frame.h"

#include <algorithm>
#include <limits>
#include <string>

#include "libs/common/check.h"
#include "libs/eventlog/internal/embedded_crc32c.h"

namespace stem::eventlog::internal {
namespace {

// Fixed-width little-endian integers, independent of the host's byte order.
template <typename T>
void PutLittleEndian(T value, std::string* out) {
  auto bits = static_cast<uint64_t>(value);
  for (size_t i = 0; i < sizeof(T); ++i) {
    out->push_back(static_cast<char>((bits >> (8 * i)) & 0xFFU));
  }
}

template <typename T>
T GetLittleEndian(std::string_view data, size_t at) {
  uint64_t bits = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    bits |= uint64_t{static_cast<unsigned char>(data[at + i])} << (8 * i);
  }
  return static_cast<T>(bits);
}

// Splits one record off the front of `rest`; false when it does not fit.
bool TakeRecord(std::string_view* rest, FrameRecord* record) {
  if (rest->size() < kRecordFixedSize) return false;
  record->offset = GetLittleEndian<int64_t>(*rest, 0);
  record->log_time_micros = GetLittleEndian<int64_t>(*rest, 8);
  size_t key_length = GetLittleEndian<uint32_t>(*rest, 16);
  size_t value_length = GetLittleEndian<uint32_t>(*rest, 20);
  if (rest->size() - kRecordFixedSize < key_length ||
      rest->size() - kRecordFixedSize - key_length < value_length) {
    return false;
  }
  record->key = rest->substr(kRecordFixedSize, key_length);
  record->value = rest->substr(kRecordFixedSize + key_length, value_length);
  rest->remove_prefix(kRecordFixedSize + key_length + value_length);
  return true;
}

}  // namespace

void EncodeFrame(uint64_t commit_seq, uint32_t commit_parts,
                 const std::vector<FrameRecord>& records, std::string* out) {
  STEM_CHECK(!records.empty(), "a frame holds at least one record");
  size_t body_length = kFrameBodyFixedSize;
  for (const FrameRecord& record : records) {
    body_length += EncodedRecordSize(record.key, record.value);
  }
  STEM_CHECK(body_length <= kMaxFrameBodySize, "callers bound the frame size");
  size_t header_at = out->size();
  out->reserve(header_at + kFrameHeaderSize + body_length);
  PutLittleEndian(kFrameMagic, out);
  PutLittleEndian(static_cast<uint32_t>(body_length), out);
  PutLittleEndian(uint32_t{0}, out);  // The checksum, once the body is there.
  size_t body_at = out->size();
  PutLittleEndian(commit_seq, out);
  PutLittleEndian(commit_parts, out);
  PutLittleEndian(static_cast<uint32_t>(records.size()), out);
  for (size_t i = 0; i < records.size(); ++i) {
    const FrameRecord& record = records[i];
    STEM_CHECK(record.offset == records[0].offset + static_cast<int64_t>(i),
               "offsets within a frame are consecutive");
    PutLittleEndian(record.offset, out);
    PutLittleEndian(record.log_time_micros, out);
    PutLittleEndian(static_cast<uint32_t>(record.key.size()), out);
    PutLittleEndian(static_cast<uint32_t>(record.value.size()), out);
    out->append(record.key);
    out->append(record.value);
  }
  uint32_t crc = Crc32c(std::string_view(*out).substr(body_at));
  std::string crc_bytes;
  PutLittleEndian(crc, &crc_bytes);
  out->replace(header_at + 8, 4, crc_bytes);
}

TailVerdict ClassifyTail(std::string_view data, uint64_t tail_length) {
  const auto damaged = [](std::string why) {
    return TailVerdict{TailVerdict::Kind::kDamaged, 0, std::move(why)};
  };
  std::string magic;
  PutLittleEndian(kFrameMagic, &magic);
  const size_t magic_seen = std::min<size_t>(data.size(), magic.size());
  if (data.substr(0, magic_seen) != std::string_view(magic).substr(0, magic_seen)) {
    return damaged("no frame starts here (wrong magic)");
  }
  if (tail_length < kFrameHeaderSize) return {TailVerdict::Kind::kTorn, 0, ""};
  const size_t body_length = GetLittleEndian<uint32_t>(data, 4);
  if (body_length < kFrameBodyFixedSize + kRecordFixedSize || body_length > kMaxFrameBodySize) {
    return damaged("the frame header declares an impossible length");
  }
  if (tail_length >= kFrameHeaderSize + body_length) {
    return damaged("a whole frame fails its checksum or layout");
  }
  // A frame that is whole once its length field is read as "to the end of the file" was
  // written whole: its length field, not the write, is broken.
  std::string relengthened(data.substr(0, static_cast<size_t>(tail_length)));
  std::string length;
  PutLittleEndian(static_cast<uint32_t>(tail_length - kFrameHeaderSize), &length);
  relengthened.replace(4, 4, length);
  Frame ignored;
  if (ParseFrame(relengthened, &ignored) == FrameParse::kOk) {
    return damaged("a whole frame with a damaged length field");
  }
  const uint64_t declared = data.size() >= kFrameHeaderSize + sizeof(uint64_t)
                                ? GetLittleEndian<uint64_t>(data, kFrameHeaderSize)
                                : 0;
  return {TailVerdict::Kind::kTorn, declared, ""};
}

bool PeekFrameBodyLength(std::string_view data, size_t* body_length) {
  if (data.size() < kFrameHeaderSize || GetLittleEndian<uint32_t>(data, 0) != kFrameMagic) {
    return false;
  }
  *body_length = GetLittleEndian<uint32_t>(data, 4);
  return true;
}

FrameParse ParseFrame(std::string_view data, Frame* frame) {
  if (data.size() < 4) return FrameParse::kIncomplete;
  if (GetLittleEndian<uint32_t>(data, 0) != kFrameMagic) return FrameParse::kCorrupt;
  if (data.size() < kFrameHeaderSize) return FrameParse::kIncomplete;
  size_t body_length = GetLittleEndian<uint32_t>(data, 4);
  if (body_length < kFrameBodyFixedSize + kRecordFixedSize || body_length > kMaxFrameBodySize) {
    return FrameParse::kCorrupt;
  }
  if (data.size() - kFrameHeaderSize < body_length) return FrameParse::kIncomplete;
  std::string_view body = data.substr(kFrameHeaderSize, body_length);
  if (Crc32c(body) != GetLittleEndian<uint32_t>(data, 8)) return FrameParse::kCorrupt;

  frame->commit_seq = GetLittleEndian<uint64_t>(body, 0);
  frame->commit_parts = GetLittleEndian<uint32_t>(body, 8);
  frame->record_count = GetLittleEndian<uint32_t>(body, 12);
  frame->size = kFrameHeaderSize + body_length;
  frame->records = body.substr(kFrameBodyFixedSize);
  // The writer numbers commits from 1: recovery takes 0 for "no commit yet", so a frame of
  // commit 0 could never be checked against its neighbours.
  if (frame->commit_seq == 0 || frame->commit_parts == 0 || frame->record_count == 0) {
    return FrameParse::kCorrupt;
  }
  // A checksum guards against torn writes and bit rot, not against a writer bug: verify the
  // layout too, so that readers can trust it without further checks.
  std::string_view rest = frame->records;
  FrameRecord record;
  for (uint32_t i = 0; i < frame->record_count; ++i) {
    if (!TakeRecord(&rest, &record)) return FrameParse::kCorrupt;
    if (i == 0) {
      frame->first_offset = record.offset;
      // The offsets that follow, and the position after the last, must fit in an int64.
      if (record.offset < 0 ||
          record.offset > std::numeric_limits<int64_t>::max() - frame->record_count) {
        return FrameParse::kCorrupt;
      }
    } else if (record.offset != frame->first_offset + static_cast<int64_t>(i)) {
      return FrameParse::kCorrupt;
    }
  }
  if (!rest.empty()) return FrameParse::kCorrupt;
  return FrameParse::kOk;
}

bool FrameRecordReader::Next(FrameRecord* record) {
  if (rest_.empty()) return false;
  bool taken = TakeRecord(&rest_, record);
  STEM_CHECK(taken, "ParseFrame verified the record layout");
  return true;
}

}  // namespace stem::eventlog::internal
