#include "libs/service/background_projection.h"

#include <gtest/gtest.h>

#include "absl/synchronization/notification.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/service/testing/tally_replica.h"

namespace stem::service {
namespace {

using projection::testing::StepEvent;
using projection::testing::TallyProjector;
using stem::testing::TempDir;
using testing::Deadline;
using testing::kTopic;

// Holds the first fact it is given until released, so that a test can look at a projection
// whose first poll has not returned.
class GatedProjector final : public projection::Projector {
 public:
  std::vector<std::string> Topics() const override { return tally_.Topics(); }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override {
    if (!entered_.HasBeenNotified()) entered_.Notify();
    released_.WaitForNotification();
    return tally_.Apply(event, record, batch);
  }

  absl::Notification entered_;
  absl::Notification released_;

 private:
  TallyProjector tally_{{kTopic}};
};

class BackgroundProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = testing::OpenTallyLog(dir_.Sub("log"), 3);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    const events::v1::EventEnvelope step = StepEvent("e1", "a", 1, 10);
    ASSERT_TRUE(log_->Append({{kTopic, "a", step.SerializeAsString()}}, Deadline()).ok());
    store_ = *projection::ProjectionStore::Open(dir_.Sub("store"));
  }

  TempDir dir_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<projection::ProjectionStore> store_;
};

// A group member learns its partitions from its first poll. Before that returns it must
// not count every partition as another member's and report itself caught up with nothing
// applied (readiness, and tests that then read its store, would see an empty store).
TEST_F(BackgroundProjectionTest, AGroupMemberIsNotCaughtUpBeforeItsFirstPollReturns) {
  GatedProjector projector;
  projection::RunnerOptions options;
  options.group_id = "members";
  auto projection = BackgroundProjection::Start(*log_, *store_, projector, options);
  ASSERT_TRUE(projection.ok()) << projection.status();
  projector.entered_.WaitForNotification();

  absl::Status early = (*projection)->WaitForAllTopics(absl::Now() + absl::Milliseconds(300));
  EXPECT_TRUE(absl::IsDeadlineExceeded(early)) << early;

  projector.released_.Notify();
  absl::Status caught_up = (*projection)->WaitForAllTopics(Deadline());
  EXPECT_TRUE(caught_up.ok()) << caught_up;
  auto tally = projection::testing::ReadTally(*store_, "a");
  ASSERT_TRUE(tally.ok() && tally->has_value());
  EXPECT_EQ((*tally)->count, 1);
}

}  // namespace
}  // namespace stem::service
