// Fuzz target: the embedded log's frame reader (libs/eventlog/internal/embedded_frame.h) and
// the recovery scan of a partition file (embedded_partition_file.h), fed arbitrary bytes -
// what a disk, a crash or a hand may leave in <dir>/<topic>/<p>.log.
//
// Input: byte 0 holds flags; the rest is the file. Flag 1 ("sealed") makes the target write
// the right CRC-32C into every frame header it can find first, so that mutations reach the
// record layout behind the checksum instead of dying at it.
//
// Invariants:
//   - ParseFrame never reads outside the bytes it is given (ASan), and a frame it accepts
//     lies inside them, holds record_count well-formed records with consecutive offsets,
//     and is exactly what EncodeFrame writes for those records (one encoding per frame);
//   - a frame cut short anywhere is kIncomplete, never kOk;
//   - PartitionFile::Open opens any bytes without changing one: with the intact frames from
//     its start (in sequence), the rest described as its tail (damaged when out of
//     sequence), and then reads back exactly their records.
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/internal/embedded_crc32c.h"
#include "libs/eventlog/internal/embedded_frame.h"
#include "libs/eventlog/internal/embedded_partition_file.h"
#include "tests/fuzz/fuzz_target.h"

namespace stem::fuzz {
namespace {

using eventlog::internal::Frame;
using eventlog::internal::FrameParse;
using eventlog::internal::FrameRecord;
using eventlog::internal::FrameRecordReader;
using eventlog::internal::kFrameHeaderSize;

constexpr uint8_t kSealed = 1;

// What the frames at the start of a file hold, as a reader that trusts nothing finds it.
struct Scanned {
  std::vector<FrameRecord> records;
  // Bytes of the intact frames from the start: where a torn tail is cut.
  size_t intact_bytes = 0;
  size_t frames = 0;
  uint64_t last_commit_seq = 0;
  // Whether the intact frames follow one another as the log writes them: offsets dense from
  // 0, commit numbers growing. The file cannot be opened otherwise.
  bool in_sequence = true;
};

void PutCrc(uint32_t crc, std::vector<char>& bytes, size_t at) {
  for (size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((crc >> (8 * i)) & 0xFFU);
}

// Writes the CRC-32C of each frame's body into its header, frame after frame, as long as a
// header with the right magic and a body that fits are found.
void Seal(std::vector<char>& file) {
  const std::string_view bytes(file.data(), file.size());
  size_t at = 0;
  size_t body_length = 0;
  while (eventlog::internal::PeekFrameBodyLength(bytes.substr(at), &body_length) &&
         body_length <= bytes.size() - at - kFrameHeaderSize) {
    const std::string_view body = bytes.substr(at + kFrameHeaderSize, body_length);
    PutCrc(eventlog::internal::Crc32c(body), file, at + 8);
    at += kFrameHeaderSize + body_length;
  }
}

// Checks one frame ParseFrame accepted at the start of `rest`.
void CheckFrame(std::string_view rest, const Frame& frame, Scanned& scanned) {
  if (frame.size > rest.size() || frame.size < kFrameHeaderSize) {
    Broken("an accepted frame lies inside its bytes", std::to_string(frame.size));
  }
  const std::string_view bytes = rest.substr(0, frame.size);
  std::vector<FrameRecord> records;
  FrameRecordReader reader(frame);
  FrameRecord record;
  while (reader.Next(&record)) {
    const bool inside = record.key.data() >= bytes.data() && record.value.data() >= bytes.data() &&
                        record.key.data() + record.key.size() <= bytes.data() + bytes.size() &&
                        record.value.data() + record.value.size() <= bytes.data() + bytes.size();
    if (!inside) Broken("a record lies inside its frame", std::to_string(record.offset));
    if (record.offset != frame.first_offset + static_cast<int64_t>(records.size())) {
      Broken("offsets within a frame are consecutive", std::to_string(record.offset));
    }
    records.push_back(record);
  }
  if (records.size() != frame.record_count) {
    Broken("a frame holds record_count records", std::to_string(records.size()));
  }
  std::string encoded;
  eventlog::internal::EncodeFrame(frame.commit_seq, frame.commit_parts, records, &encoded);
  if (encoded != bytes) Broken("a frame has one encoding", "re-encoded bytes differ");
  for (const size_t cut : {frame.size - 1, kFrameHeaderSize - 1, size_t{3}}) {
    Frame ignored;
    if (eventlog::internal::ParseFrame(bytes.substr(0, cut), &ignored) != FrameParse::kIncomplete) {
      Broken("a frame cut short is incomplete", std::to_string(cut));
    }
  }

  if (frame.first_offset != static_cast<int64_t>(scanned.records.size()) ||
      (scanned.frames > 0 && frame.commit_seq <= scanned.last_commit_seq)) {
    scanned.in_sequence = false;
    return;
  }
  scanned.records.insert(scanned.records.end(), records.begin(), records.end());
  scanned.intact_bytes += frame.size;
  scanned.last_commit_seq = frame.commit_seq;
  ++scanned.frames;
}

Scanned ScanFrames(std::string_view file) {
  Scanned scanned;
  while (scanned.intact_bytes < file.size()) {
    Frame frame;
    const std::string_view rest = file.substr(scanned.intact_bytes);
    if (eventlog::internal::ParseFrame(rest, &frame) != FrameParse::kOk) break;
    CheckFrame(rest, frame, scanned);
    if (!scanned.in_sequence) break;
  }
  return scanned;
}

// Opens the bytes as a partition file, as the log does at start.
void CheckOpen(std::string_view file, const Scanned& scanned) {
  // Removed at exit with what is in it.
  static const stem::testing::TempDir directory;
  const std::string path = directory.Sub("0.log");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(file.data(), static_cast<std::streamsize>(file.size()));
    if (!out) Broken("the partition file is written", path);
  }
  size_t frames_seen = 0;
  auto opened = eventlog::internal::PartitionFile::Open(
      path, [&](uint64_t /*commit_seq*/, uint32_t /*commit_parts*/) { ++frames_seen; });
  if (!opened.ok()) Broken("any bytes open (damage is described, not refused)", path);
  {
    std::ifstream in(path, std::ios::binary);
    std::string after(file.size() + 1, '\0');
    in.read(after.data(), static_cast<std::streamsize>(after.size()));
    after.resize(static_cast<size_t>(in.gcount()));
    if (after != file) Broken("open changes no byte", path);
  }
  const eventlog::internal::FileTail& tail = (*opened)->tail();
  using Kind = eventlog::internal::FileTail::Kind;
  if ((tail.kind == Kind::kNone) != (scanned.intact_bytes == file.size()) ||
      (tail.kind != Kind::kNone && (tail.position != scanned.intact_bytes ||
                                    tail.length != file.size() - scanned.intact_bytes)) ||
      (!scanned.in_sequence && tail.kind != Kind::kDamaged)) {
    Broken("the tail after the intact frames is described", tail.why);
  }
  const eventlog::internal::PartitionFile::End end = (*opened)->published_end();
  if (end.bytes != scanned.intact_bytes || frames_seen != scanned.frames ||
      end.offset != static_cast<int64_t>(scanned.records.size())) {
    Broken("the file opens with its intact frames",
           std::to_string(end.bytes) + " bytes, " + std::to_string(end.offset) + " records");
  }
  std::vector<eventlog::Record> read;
  eventlog::internal::ReadCursor cursor;
  const absl::Status status =
      (*opened)->Read(0, end, scanned.records.size() + 1, {"fuzz", 0}, &cursor, &read);
  if (!status.ok()) Broken("an opened file reads", status.ToString());
  if (read.size() != scanned.records.size()) Broken("every record reads back", path);
  for (size_t i = 0; i < read.size(); ++i) {
    const FrameRecord& written = scanned.records[i];
    if (read[i].offset != written.offset || read[i].key != written.key ||
        read[i].value != written.value) {
      Broken("records read back as written", std::to_string(i));
    }
  }
}

}  // namespace
}  // namespace stem::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stem::fuzz;  // NOLINT(build/namespaces): the entry points live outside it
  if (size < 1) return 0;
  // Exactly as long as the file, so that a read past its end is ASan's to see.
  std::vector<char> file(data + 1, data + size);
  if ((data[0] & kSealed) != 0) Seal(file);
  const std::string_view bytes(file.data(), file.size());
  const Scanned scanned = ScanFrames(bytes);
  CheckOpen(bytes, scanned);
  return 0;
}
