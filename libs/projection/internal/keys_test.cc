#include "libs/projection/internal/keys.h"

#include <gtest/gtest.h>

namespace stem::projection::internal {
namespace {

using eventlog::TopicPartition;
using std::string_literals::operator""s;

TEST(KeysTest, PositionKeysRoundTripAndSortByPartition) {
  const TopicPartition p2{"recognition.events", 2};
  const TopicPartition p10{"recognition.events", 10};
  ASSERT_TRUE(PositionKey(p2).has_value());
  EXPECT_EQ(DecodePositionKey(*PositionKey(p2)), p2);
  EXPECT_EQ(DecodePositionKey(*PositionKey(p10)), p10);
  EXPECT_LT(*PositionKey(p2), *PositionKey(p10));
  EXPECT_EQ(PositionKey({"bad\0topic"s, 0}), std::nullopt);
  EXPECT_EQ(PositionKey({"t", -1}), std::nullopt);
  EXPECT_EQ(DecodePositionKey("p"), std::nullopt);
  EXPECT_EQ(DecodePositionKey("pt\0\x80\0\0\0"s), std::nullopt);  // negative partition
  EXPECT_EQ(DecodePositionKey(StateKey("t\0\0\0\0\1"s)), std::nullopt);
}

TEST(KeysTest, OffsetsRoundTrip) {
  for (int64_t offset : {int64_t{0}, int64_t{1}, int64_t{255}, int64_t{1} << 40, INT64_MAX}) {
    EXPECT_EQ(DecodeOffset(EncodeOffset(offset)), offset);
  }
  EXPECT_EQ(DecodeOffset("short"), std::nullopt);
}

TEST(KeysTest, NamespacesAreDistinct) {
  EXPECT_EQ(StateKey("k").front(), kStatePrefix);
  EXPECT_EQ(PositionKey({"t", 0})->front(), kPositionPrefix);
  EXPECT_EQ(QuarantineKey({{"t", 0}, 0})->front(), kQuarantinePrefix);
}

}  // namespace
}  // namespace stem::projection::internal
