#include "libs/projection/composite_projector.h"

#include <gtest/gtest.h>

#include "libs/common/testing/temp_dir.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/testing/tally_projector.h"

namespace stem::projection {
namespace {

TEST(CompositeProjectorTest, EachPartSeesOnlyItsTopics) {
  stem::testing::TempDir dir;
  auto store = *ProjectionStore::Open(dir.Sub("store"));
  testing::TallyProjector first({"a"});
  testing::TallyProjector second({"b", "c"});
  CompositeProjector composite({&first, &second});
  EXPECT_EQ(composite.Topics(), (std::vector<std::string>{"a", "b", "c"}));

  auto batch = store->BeginBatch();
  // The tallies share key prefixes, so the aggregates are kept apart by id here.
  eventlog::Record on_a{{"a", 0}, 0, "x", "", absl::UnixEpoch()};
  eventlog::Record on_c{{"c", 0}, 0, "y", "", absl::UnixEpoch()};
  eventlog::Record on_d{{"d", 0}, 0, "z", "", absl::UnixEpoch()};
  ASSERT_TRUE(composite.Apply(testing::StepEvent("e1", "x", 1, 5), on_a, *batch).ok());
  ASSERT_TRUE(composite.Apply(testing::StepEvent("e2", "y", 1, 7), on_c, *batch).ok());
  ASSERT_TRUE(composite.Apply(testing::StepEvent("e3", "z", 1, 9), on_d, *batch).ok());
  ASSERT_TRUE(store->Commit(std::move(batch), {}).ok());

  EXPECT_EQ((*testing::ReadTally(*store, "x"))->sum, 5);
  EXPECT_EQ((*testing::ReadTally(*store, "y"))->sum, 7);
  EXPECT_FALSE(testing::ReadTally(*store, "z")->has_value());
}

}  // namespace
}  // namespace stem::projection
