// Equal messages give equal stored bytes, whatever order their maps were filled in: what
// makes a rebuilt store's checksum equal the live one's.
#include "libs/projection/state_bytes.h"

#include <gtest/gtest.h>

#include "google/protobuf/struct.pb.h"

namespace stem::projection {
namespace {

TEST(StateBytesTest, EqualMapsGiveEqualBytesWhateverTheirInsertionOrder) {
  google::protobuf::Struct forward;
  google::protobuf::Struct backward;
  constexpr int kEntries = 64;
  for (int i = 0; i < kEntries; ++i) {
    (*forward.mutable_fields())["key-" + std::to_string(i)].set_number_value(i);
    const int j = kEntries - 1 - i;
    (*backward.mutable_fields())["key-" + std::to_string(j)].set_number_value(j);
  }
  EXPECT_EQ(StateBytes(forward), StateBytes(backward));
  google::protobuf::Struct parsed;
  ASSERT_TRUE(parsed.ParseFromString(StateBytes(backward)));
  EXPECT_EQ(parsed.fields().size(), static_cast<size_t>(kEntries));
}

}  // namespace
}  // namespace stem::projection
