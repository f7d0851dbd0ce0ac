// The consistency token's text (call.h): what FormatLogPositions writes reads back, and
// whatever else a caller sends is refused with its reason.
#include "libs/service/call.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::service {
namespace {

TEST(ConsistencyTokenTest, WhatIsFormattedReadsBack) {
  const eventlog::Positions positions = {{{"stem.recognition.events", 0}, 17},
                                         {{"stem.recognition.events", 5}, 0},
                                         {{"a/b.events", 2}, 9000000000}};
  auto parsed = ParseLogPositions(FormatLogPositions(positions));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, positions);
  auto empty = ParseLogPositions("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ConsistencyTokenTest, ARepeatedPartitionKeepsTheHighestOffset) {
  auto parsed = ParseLogPositions("t/0=5,t/0=3");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->at({"t", 0}), 5);
}

TEST(ConsistencyTokenTest, AnythingElseIsRefused) {
  for (const std::string& token :
       {std::string("t"), std::string("t/0"), std::string("t=5"), std::string("/0=5"),
        std::string("t/x=5"), std::string("t/0=x"), std::string("t/-1=5"), std::string("t/0=-5"),
        std::string("t/0=5,"), std::string("t/0=99999999999999999999"), std::string(9000, 'a'),
        std::string("t/0=1\n")}) {
    auto parsed = ParseLogPositions(token);
    ASSERT_FALSE(parsed.ok()) << token;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ReasonOf(parsed.status()), "CONSISTENCY_TOKEN_INVALID");
  }
  std::string many;
  for (int partition = 0; partition < 1025; ++partition) {
    many += (many.empty() ? "" : ",") + std::string("t/") + std::to_string(partition) + "=1";
  }
  EXPECT_FALSE(ParseLogPositions(many).ok());
}

}  // namespace
}  // namespace stem::service
