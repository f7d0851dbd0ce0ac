#include "services/audit/log_trees.h"

#include <gtest/gtest.h>

#include "libs/transparency/merkle.h"

namespace stem::audit {
namespace {

eventlog::Record At(const std::string& topic, int32_t partition, int64_t offset,
                    const std::string& value) {
  eventlog::Record record;
  record.topic_partition = {topic, partition};
  record.offset = offset;
  record.value = value;
  return record;
}

// One tree per partition; leaves in offset order, indexed by rank (Kafka leaves gaps).
TEST(LogTreesTest, OneTreePerPartitionWithItsRecordsAsLeaves) {
  const std::vector<eventlog::Record> records = {At("t", 0, 0, "a"), At("t", 0, 2, "b"),
                                                 At("t", 0, 5, "c"), At("t", 1, 0, "x")};
  const eventlog::Positions ends = {{{"t", 0}, 6}, {{"t", 1}, 1}, {{"t", 2}, 0}};
  const LogTrees trees = LogTrees::Build(records, ends);

  const transparency::Checkpoint checkpoint = trees.Checkpoint("origin", "2019-01-07T09:00:00Z");
  ASSERT_EQ(checkpoint.trees.size(), 3U) << "an empty partition has its empty tree";
  EXPECT_EQ(checkpoint.trees[0].log, "t/0");
  EXPECT_EQ(checkpoint.trees[0].size, 3U);
  EXPECT_EQ(checkpoint.trees[2].size, 0U);
  EXPECT_EQ(checkpoint.trees[2].root, transparency::EmptyRoot());
  transparency::MerkleTree expected;
  for (const char* value : {"a", "b", "c"}) expected.AppendEntry(value);
  EXPECT_EQ(checkpoint.trees[0].root, *expected.Root(3));

  const absl::StatusOr<LogTrees::Leaf> leaf = trees.LeafAt({"t", 0}, 5);
  ASSERT_TRUE(leaf.ok());
  EXPECT_EQ(leaf->index, 2U);
  EXPECT_EQ(records[leaf->record].value, "c");
  EXPECT_FALSE(trees.LeafAt({"t", 0}, 3).ok()) << "a gap holds no fact";
  EXPECT_FALSE(trees.Tree("t/7").ok());
}

}  // namespace
}  // namespace stem::audit
