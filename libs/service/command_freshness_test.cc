// How fresh a command's state is (command_processor.h): the replica waits for the recent
// end of the aggregate's partition, which costs no broker round trip, and reads up to the
// strict end only when the caller has seen a version the replica has not read yet.
#include <gtest/gtest.h>

#include <atomic>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/eventlog/testing/forwarding_log.h"
#include "libs/service/command_processor.h"
#include "libs/service/testing/tally_replica.h"

namespace stem::service {
namespace {

using eventlog::Positions;
using eventlog::TopicPartition;
using stem::testing::TempDir;
using testing::Deadline;
using testing::kTopic;
using testing::Replica;

// A log as a Kafka replica may see it: its recent ends know nothing of other writers.
// Holding, its reader also delivers nothing until somebody asks for the strict end
// (EndOffsets), so a replica that decides without that question decides on an empty state.
class LaggingLog final : public eventlog::testing::ForwardingLog {
 public:
  LaggingLog(eventlog::EventLog& inner, bool holding) : ForwardingLog(inner), holding_(holding) {}

  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) override {
    ++strict_ends_asked_;
    return ForwardingLog::EndOffsets(topic, deadline);
  }
  absl::StatusOr<int64_t> RecentEnd(const TopicPartition&, absl::Time) override { return 0; }
  absl::StatusOr<std::unique_ptr<eventlog::Subscription>> Subscribe(
      const eventlog::SubscriptionOptions& options) override {
    auto inner = ForwardingLog::Subscribe(options);
    if (!inner.ok()) return inner.status();
    return std::unique_ptr<eventlog::Subscription>(new Reader(*this, *std::move(inner)));
  }

  int strict_ends_asked() const { return strict_ends_asked_; }

 private:
  class Reader final : public eventlog::testing::ForwardingSubscription {
   public:
    Reader(LaggingLog& log, std::unique_ptr<eventlog::Subscription> inner)
        : ForwardingSubscription(std::move(inner)), log_(log) {}
    absl::StatusOr<std::vector<eventlog::Record>> Poll(absl::Duration timeout,
                                                       size_t max_records) override {
      if (log_.holding_ && log_.strict_ends_asked_ == 0) {
        absl::SleepFor(std::min(timeout, absl::Milliseconds(10)));
        return std::vector<eventlog::Record>();
      }
      return ForwardingSubscription::Poll(timeout, max_records);
    }

   private:
    LaggingLog& log_;
  };

  const bool holding_;
  std::atomic<int> strict_ends_asked_{0};
};

class CommandFreshnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = testing::OpenTallyLog(dir_.Sub("log"), 2);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  TempDir dir_;
  clock::ManualClock clock_{absl::FromUnixSeconds(1546300800)};  // 2019-01-01
  events::UpcasterRegistry registry_;
  events::FactRules rules_;
  std::unique_ptr<eventlog::EventLog> log_;
};

TEST_F(CommandFreshnessTest, ACommandAsksTheLogForNoStrictEnd) {
  LaggingLog lagging(*log_, /*holding=*/false);
  Replica replica(lagging, dir_.Sub("b"), clock_, registry_, rules_);
  for (int i = 1; i <= 3; ++i) {
    auto outcome = replica.Step("x", "r" + std::to_string(i), i);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
  }
  EXPECT_EQ(lagging.strict_ends_asked(), 0);
}

TEST_F(CommandFreshnessTest, AVersionTheReplicaHasNotReadIsReadUpToTheStrictEnd) {
  Replica writer(*log_, dir_.Sub("a"), clock_, registry_, rules_);
  ASSERT_TRUE(writer.Step("x", "r1", 5).ok());

  LaggingLog lagging(*log_, /*holding=*/true);
  Replica behind(lagging, dir_.Sub("b"), clock_, registry_, rules_);
  // The caller saw version 1 (written by the other replica): not a conflict, a stale read.
  auto outcome = behind.Step("x", "r2", 7, /*expected_version=*/1);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->record.first_version(), 2);
  EXPECT_GE(lagging.strict_ends_asked(), 1);
  // A version that was really overtaken is still a conflict.
  auto late = behind.Step("x", "r3", 1, /*expected_version=*/1);
  EXPECT_EQ(ReasonOf(late.status()), "VERSION_CONFLICT") << late.status();
}

}  // namespace
}  // namespace stem::service
