// A projector's new version rebuilds a running replica's store blue/green: queries keep
// reading the old store, commands are refused as retryable, and the replica switches to the
// rebuilt store once it has caught up; the next start keeps the rebuilt one.
#include "libs/service/store_generations.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "absl/synchronization/notification.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/service/service_runtime.h"
#include "libs/service/testing/tally_replica.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::service {
namespace {

using projection::testing::ReadTally;
using testing::Deadline;
using testing::kTopic;

// The tally, under a version, noting which version built the store; a gate holds its Apply
// until the test opens it.
class VersionedTally final : public projection::Projector {
 public:
  explicit VersionedTally(std::string version, absl::Notification* gate = nullptr)
      : tally_({kTopic}), version_(std::move(version)), gate_(gate) {}

  std::vector<std::string> Topics() const override { return tally_.Topics(); }
  std::string Version() const override { return version_; }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override {
    if (gate_ != nullptr) gate_->WaitForNotification();
    batch.Put("built-by", version_);
    return tally_.Apply(event, record, batch);
  }

 private:
  projection::testing::TallyProjector tally_;
  const std::string version_;
  absl::Notification* const gate_;
};

std::string BuiltBy(const projection::StateReader& state) {
  auto value = state.Get("built-by");
  return value.ok() && value->has_value() ? **value : "";
}

int64_t Sum(const projection::StateReader& state, const std::string& aggregate) {
  auto tally = ReadTally(state, aggregate);
  return tally.ok() && tally->has_value() ? (*tally)->sum : -1;
}

class StoreGenerationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::OpenEmbeddedEventLog({dir_.Sub("log"), /*sync=*/false});
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    eventlog::TopicSpec topic;
    topic.name = kTopic;
    topic.partitions = 2;
    ASSERT_TRUE(log_->EnsureTopics({topic}).ok());
    writer_ =
        std::make_unique<testing::Replica>(*log_, dir_.Sub("writer"), clock_, registry_, rules_);
  }

  std::unique_ptr<ServiceRuntime> Start(projection::Projector& projector) {
    RuntimeOptions options;
    options.store_path = dir_.Sub("service");
    auto runtime = ServiceRuntime::Start(*log_, clock_, projector, registry_, rules_, options);
    EXPECT_TRUE(runtime.ok()) << runtime.status();
    return runtime.ok() ? std::move(*runtime) : nullptr;
  }

  // A step of 1 on `aggregate` through `runtime`'s command path.
  absl::Status Step(ServiceRuntime& runtime, const std::string& aggregate,
                    const std::string& request_id) {
    events::testing::v1::SampleStepRecorded request;
    request.set_amount(1);
    events::CommandContext context;
    context.actor.set_role(identity::v1::ACTOR_ROLE_OFFICER);
    context.request_id = request_id;
    return runtime.commands()
        .Execute(
            context, request, {kTopic, "tally", aggregate, std::nullopt},
            [&](const Decision& decision) -> absl::StatusOr<Facts> {
              auto fact = std::make_unique<events::testing::v1::SampleStepRecorded>();
              fact->set_sequence(decision.version + 1);
              fact->set_amount(1);
              Facts facts;
              facts.push_back(std::move(fact));
              return facts;
            },
            Deadline())
        .status();
  }

  stem::testing::TempDir dir_;
  clock::ManualClock clock_{absl::FromUnixSeconds(1546300800)};
  events::UpcasterRegistry registry_;
  events::FactRules rules_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<testing::Replica> writer_;
};

TEST_F(StoreGenerationsTest, ANewProjectorVersionRebuildsBesideTheOldStoreAndSwitches) {
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(writer_->Step("x", "a" + std::to_string(i), 1).ok());
  VersionedTally first("1");
  {
    std::unique_ptr<ServiceRuntime> runtime = Start(first);
    ASSERT_NE(runtime, nullptr);
    ASSERT_TRUE(runtime->projection().WaitForAllTopics(Deadline()).ok());
    EXPECT_FALSE(runtime->rebuilding());
    EXPECT_EQ(Sum(runtime->state(), "x"), 3);
    EXPECT_EQ(BuiltBy(runtime->state()), "1");
  }
  for (int i = 4; i <= 5; ++i) ASSERT_TRUE(writer_->Step("x", "a" + std::to_string(i), 1).ok());

  absl::Notification gate;
  VersionedTally second("2", &gate);
  std::unique_ptr<ServiceRuntime> runtime = Start(second);
  ASSERT_NE(runtime, nullptr);
  // Rebuilding: queries answer from the old store, commands are refused and retryable.
  EXPECT_TRUE(runtime->rebuilding());
  EXPECT_TRUE(std::filesystem::exists(dir_.Sub("service.next")));
  EXPECT_EQ(Sum(runtime->state(), "x"), 3);
  EXPECT_EQ(BuiltBy(runtime->state()), "1");
  const absl::Status refused = Step(*runtime, "y", "during");
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  EXPECT_EQ(ReasonOf(refused), "PROJECTION_REBUILDING");
  EXPECT_GT(RetryDelayOf(refused), absl::ZeroDuration());

  gate.Notify();
  const absl::Time give_up = Deadline();
  while (runtime->rebuilding() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(10));
  ASSERT_FALSE(runtime->rebuilding());
  EXPECT_EQ(Sum(runtime->state(), "x"), 5);
  EXPECT_EQ(BuiltBy(runtime->state()), "2");
  ASSERT_TRUE(Step(*runtime, "y", "after").ok());
  EXPECT_EQ(Sum(runtime->state(), "y"), 1);
  runtime.reset();

  // The next start keeps the rebuilt store in the old one's place.
  VersionedTally again("2");
  runtime = Start(again);
  ASSERT_NE(runtime, nullptr);
  EXPECT_FALSE(runtime->rebuilding());
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("service.next")));
  ASSERT_TRUE(runtime->projection().WaitForAllTopics(Deadline()).ok());
  EXPECT_EQ(Sum(runtime->state(), "x"), 5);
  EXPECT_EQ(Sum(runtime->state(), "y"), 1);
  EXPECT_EQ(BuiltBy(runtime->state()), "2");
}

TEST_F(StoreGenerationsTest, TheSameVersionReusesTheStore) {
  ASSERT_TRUE(writer_->Step("x", "a1", 1).ok());
  VersionedTally first("7");
  {
    std::unique_ptr<ServiceRuntime> runtime = Start(first);
    ASSERT_NE(runtime, nullptr);
    ASSERT_TRUE(runtime->projection().WaitForAllTopics(Deadline()).ok());
  }
  VersionedTally same("7");
  std::unique_ptr<ServiceRuntime> runtime = Start(same);
  ASSERT_NE(runtime, nullptr);
  EXPECT_FALSE(runtime->rebuilding());
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("service.next")));
  EXPECT_EQ(Sum(runtime->state(), "x"), 1);
}

}  // namespace
}  // namespace stem::service
