// Typed reads of projected state: a record that does not parse is DATA_LOSS naming its key
// (escaped), a visitor's error ends the scan as the scan's result, and a page starts after
// the key it names.
#include "libs/projection/typed_state.h"

#include <gtest/gtest.h>

#include <vector>

#include "google/protobuf/timestamp.pb.h"
#include "libs/common/testing/temp_dir.h"

namespace stem::projection {
namespace {

using google::protobuf::Timestamp;

Timestamp At(int64_t seconds) {
  Timestamp timestamp;
  timestamp.set_seconds(seconds);
  return timestamp;
}

class TypedStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = ProjectionStore::Open(dir_.Sub("store"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    std::unique_ptr<Batch> batch = store_->BeginBatch();
    for (int64_t i = 1; i <= 4; ++i) StoreMessage(*batch, "t/" + std::to_string(i), At(i));
    // Not a Timestamp: field 1 with a wire type that does not exist.
    batch->Put(std::string("bad\0/1", 6), "\x0f\xff");
    ASSERT_TRUE(store_->Commit(std::move(batch), {}).ok());
  }

  stem::testing::TempDir dir_;
  std::unique_ptr<ProjectionStore> store_;
};

TEST_F(TypedStateTest, LoadsAMessageOrNothingOrNamesTheUnreadableKey) {
  auto found = LoadMessage<Timestamp>(*store_, "t/2");
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status();
  EXPECT_EQ((*found)->seconds(), 2);
  auto missing = LoadMessage<Timestamp>(*store_, "t/9");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto bad = LoadMessage<Timestamp>(*store_, std::string("bad\0/1", 6));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find("bad\\x00/1"), std::string::npos) << bad.status();
}

TEST_F(TypedStateTest, ScansAfterAPageTokenUntilTheVisitorStops) {
  std::vector<int64_t> seen;
  absl::Status scanned = ScanMessages<Timestamp>(
      *store_, "t/",
      [&](std::string_view key, const Timestamp& timestamp) {
        EXPECT_EQ(key, std::to_string(timestamp.seconds()));
        seen.push_back(timestamp.seconds());
        return seen.size() == 2 ? Visit::kStop : Visit::kContinue;
      },
      "1");
  ASSERT_TRUE(scanned.ok()) << scanned;
  EXPECT_EQ(seen, (std::vector<int64_t>{2, 3}));
}

TEST_F(TypedStateTest, AVisitorsErrorIsTheScansResult) {
  int visited = 0;
  absl::Status scanned = ScanMessages<Timestamp>(
      *store_, "t/", [&](std::string_view, const Timestamp&) -> absl::StatusOr<Visit> {
        ++visited;
        return absl::FailedPreconditionError("not wanted");
      });
  EXPECT_EQ(scanned.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(visited, 1);
  absl::Status unreadable = ScanMessages<Timestamp>(
      *store_, "bad", [](std::string_view, const Timestamp&) { return Visit::kContinue; });
  EXPECT_EQ(unreadable.code(), absl::StatusCode::kDataLoss) << unreadable;
}

}  // namespace
}  // namespace stem::projection
