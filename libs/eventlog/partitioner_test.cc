#include <gtest/gtest.h>

#include "libs/eventlog/event_log.h"
#include "libs/eventlog/internal/murmur2.h"

namespace stem::eventlog {
namespace {

// Vectors of Kafka's own test (clients UtilsTest.testMurmur2): a key partitioned here
// lands where every Kafka Java client would put it.
TEST(PartitionerTest, Murmur2MatchesKafka) {
  EXPECT_EQ(internal::Murmur2("21"), -973932308);
  EXPECT_EQ(internal::Murmur2("foobar"), -790332482);
  EXPECT_EQ(internal::Murmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(internal::Murmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(internal::Murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(internal::Murmur2("abc"), 479470107);
}

TEST(PartitionerTest, KeyAlwaysMapsToOnePartitionInRange) {
  for (int i = 0; i < 1000; ++i) {
    std::string key = "academy-" + std::to_string(i);
    int32_t partition = PartitionForKey(key, 6);
    EXPECT_GE(partition, 0);
    EXPECT_LT(partition, 6);
    EXPECT_EQ(partition, PartitionForKey(key, 6));
  }
}

}  // namespace
}  // namespace stem::eventlog
