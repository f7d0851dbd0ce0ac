#include "libs/eventlog/internal/embedded_frame.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "libs/eventlog/internal/embedded_crc32c.h"

namespace stem::eventlog::internal {
namespace {

TEST(Crc32cTest, MatchesTheStandardCheckValues) {
  EXPECT_EQ(Crc32c(""), 0U);
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283U);
  // RFC 3720 (iSCSI), B.4: 32 bytes of zeros, and of 0xFF.
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAU);
  EXPECT_EQ(Crc32c(std::string(32, '\xFF')), 0x62A8AB43U);
}

TEST(Crc32cTest, ExtendingEqualsOneCallOverTheWhole) {
  std::string data = "the quick brown fox jumps over the lazy dog, twice over";
  for (size_t split = 0; split <= data.size(); ++split) {
    EXPECT_EQ(ExtendCrc32c(Crc32c(data.substr(0, split)), data.substr(split)), Crc32c(data));
  }
}

std::string EncodeSample(std::vector<FrameRecord>* records) {
  *records = {{7, 1700000000000000, "academy-1", "first"},
              {8, 1700000000000000, "", ""},
              {9, 1700000000000001, "academy-2", std::string_view("\0binary\xFF", 8)}};
  std::string encoded;
  EncodeFrame(/*commit_seq=*/42, /*commit_parts=*/3, *records, &encoded);
  return encoded;
}

TEST(FrameTest, RoundTrips) {
  std::vector<FrameRecord> records;
  std::string encoded = EncodeSample(&records);
  // Trailing bytes (the next frame) are not part of this one.
  std::string with_more = encoded + "next frame";
  Frame frame;
  ASSERT_EQ(ParseFrame(with_more, &frame), FrameParse::kOk);
  EXPECT_EQ(frame.commit_seq, 42U);
  EXPECT_EQ(frame.commit_parts, 3U);
  EXPECT_EQ(frame.record_count, 3U);
  EXPECT_EQ(frame.first_offset, 7);
  EXPECT_EQ(frame.size, encoded.size());
  FrameRecordReader reader(frame);
  FrameRecord record;
  for (const FrameRecord& expected : records) {
    ASSERT_TRUE(reader.Next(&record));
    EXPECT_EQ(record.offset, expected.offset);
    EXPECT_EQ(record.log_time_micros, expected.log_time_micros);
    EXPECT_EQ(record.key, expected.key);
    EXPECT_EQ(record.value, expected.value);
  }
  EXPECT_FALSE(reader.Next(&record));
}

TEST(FrameTest, EveryPrefixIsIncomplete) {
  std::vector<FrameRecord> records;
  std::string encoded = EncodeSample(&records);
  for (size_t length = 0; length < encoded.size(); ++length) {
    Frame frame;
    EXPECT_EQ(ParseFrame(std::string_view(encoded).substr(0, length), &frame),
              FrameParse::kIncomplete)
        << length;
  }
}

TEST(FrameTest, EveryFlippedBitIsNoticed) {
  std::vector<FrameRecord> records;
  std::string encoded = EncodeSample(&records);
  for (size_t at = 0; at < encoded.size(); ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = encoded;
      damaged[at] = static_cast<char>(damaged[at] ^ (1 << bit));
      Frame frame;
      // A flipped length bit may also make the frame look longer than the data.
      EXPECT_NE(ParseFrame(damaged, &frame), FrameParse::kOk) << at << ":" << bit;
    }
  }
}

TEST(FrameTest, RefusesAFrameWhoseRecordsDoNotFitTheirLengths) {
  // A body with a valid checksum but a key length pointing past the end: only a writer bug
  // makes one, and ParseFrame must still not trust it.
  std::vector<FrameRecord> records = {{0, 0, "key", "value"}};
  std::string encoded;
  EncodeFrame(1, 1, records, &encoded);
  std::string body = encoded.substr(kFrameHeaderSize);
  body[kFrameBodyFixedSize + 16] = 100;  // key_length = 100
  uint32_t crc = Crc32c(body);
  std::string damaged = encoded.substr(0, 8);
  for (int i = 0; i < 4; ++i) damaged.push_back(static_cast<char>((crc >> (8 * i)) & 0xFFU));
  damaged += body;
  Frame frame;
  EXPECT_EQ(ParseFrame(damaged, &frame), FrameParse::kCorrupt);
}

// Found by tests/fuzz/frame_fuzz (its regressions keep the inputs): frames with a valid
// checksum that only a writer bug or a forger makes, which recovery must not trust.
TEST(FrameTest, RefusesCommitZeroAndOffsetsPastAnyInteger) {
  std::string commit_zero;
  EncodeFrame(/*commit_seq=*/0, 1, {{0, 0, "k", "v"}}, &commit_zero);
  Frame frame;
  EXPECT_EQ(ParseFrame(commit_zero, &frame), FrameParse::kCorrupt);

  // The position after a frame's records is an int64 too.
  constexpr int64_t kLast = std::numeric_limits<int64_t>::max();
  std::string overflowing;
  EncodeFrame(1, 1, {{kLast - 1, 0, "k", "v"}, {kLast, 0, "k", "v"}}, &overflowing);
  EXPECT_EQ(ParseFrame(overflowing, &frame), FrameParse::kCorrupt);
  std::string last_offset;
  EncodeFrame(1, 1, {{kLast - 1, 0, "k", "v"}}, &last_offset);
  EXPECT_EQ(ParseFrame(last_offset, &frame), FrameParse::kOk);
}

TEST(FrameTest, PeeksTheBodyLength) {
  std::vector<FrameRecord> records;
  std::string encoded = EncodeSample(&records);
  size_t body_length = 0;
  ASSERT_TRUE(PeekFrameBodyLength(encoded, &body_length));
  EXPECT_EQ(body_length + kFrameHeaderSize, encoded.size());
  EXPECT_FALSE(PeekFrameBodyLength(encoded.substr(0, kFrameHeaderSize - 1), &body_length));
  EXPECT_FALSE(PeekFrameBodyLength(std::string(kFrameHeaderSize, '\0'), &body_length));
}

}  // namespace
}  // namespace stem::eventlog::internal
