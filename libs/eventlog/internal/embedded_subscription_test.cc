// The embedded log's subscriptions beyond the contract suite: waking up, listener errors,
// in-process groups.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/eventlog/internal/embedded_log_fixture.h"

namespace stem::eventlog::internal {
namespace {

using EmbeddedSubscriptionTest = EmbeddedEventLogTest;

TEST_F(EmbeddedSubscriptionTest, AWaitingPollWakesUpForNewRecords) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
  FromStart listener;
  absl::StatusOr<std::unique_ptr<Subscription>> subscription = log->Subscribe(Options(&listener));
  ASSERT_TRUE(subscription.ok());
  ASSERT_TRUE((*subscription)->Poll(absl::ZeroDuration(), 10).ok());  // Assigns.
  absl::StatusOr<std::vector<Record>> polled;
  std::thread poller([&] { polled = (*subscription)->Poll(absl::Seconds(60), 10); });
  ASSERT_TRUE(log->Append(Call("wake", 1), Deadline()).ok());
  poller.join();
  ASSERT_TRUE(polled.ok()) << polled.status();
  ASSERT_EQ(polled->size(), 1U);
  EXPECT_EQ((*polled)[0].value, "wake/0");
}

TEST_F(EmbeddedSubscriptionTest, ASubscriptionThatOutlivesItsLogFailsItsPolls) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
  FromStart listener;
  absl::StatusOr<std::unique_ptr<Subscription>> subscription =
      log->Subscribe(Options(&listener, "group"));
  ASSERT_TRUE(subscription.ok());
  log.reset();
  EXPECT_EQ((*subscription)->Poll(absl::ZeroDuration(), 10).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(Open(), nullptr) << "a reopen does not wait for old subscriptions";
}

TEST_F(EmbeddedSubscriptionTest, ListenerErrorsAndBadPositionsFailThePollUntilFixed) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
  ASSERT_TRUE(log->Append(Call("call", 4), Deadline()).ok());
  for (const std::string& group : {std::string(), std::string("group")}) {
    ScriptedListener listener;
    absl::StatusOr<std::unique_ptr<Subscription>> subscription =
        log->Subscribe(Options(&listener, group));
    ASSERT_TRUE(subscription.ok());
    listener.next_error = absl::UnavailableError("store is down");
    EXPECT_EQ((*subscription)->Poll(absl::ZeroDuration(), 10).status().code(),
              absl::StatusCode::kUnavailable);
    listener.position = 100;
    EXPECT_EQ((*subscription)->Poll(absl::ZeroDuration(), 10).status().code(),
              absl::StatusCode::kOutOfRange);
    listener.position = -1;
    EXPECT_EQ((*subscription)->Poll(absl::ZeroDuration(), 10).status().code(),
              absl::StatusCode::kOutOfRange);
    EXPECT_TRUE((*subscription)->Assignment().empty()) << group;
    listener.position = 0;
    absl::StatusOr<std::vector<Record>> records = (*subscription)->Poll(absl::ZeroDuration(), 10);
    ASSERT_TRUE(records.ok()) << records.status();
    EXPECT_EQ(records->size(), 4U) << group;
    EXPECT_EQ(listener.assigned_calls, 4) << group;
  }
}

// Appends one record to each of the topic's `partitions` partitions.
void AppendToEveryPartition(EventLog& log, int32_t partitions) {
  std::set<int32_t> covered;
  std::vector<OutgoingRecord> records;
  for (int k = 0; static_cast<int32_t>(covered.size()) < partitions; ++k) {
    std::string key = absl::StrCat("key-", k);
    if (covered.insert(PartitionForKey(key, partitions)).second) {
      records.push_back({kTopic, key, "wake"});
    }
  }
  ASSERT_TRUE(log.Append(records, Deadline()).ok());
}

// In-process groups are cooperative: a partition moves only once its owner's Poll gave it
// up, so a member blocked in Poll must wake up when the group changes. (The short sleeps
// let the poller reach its wait; without them the tests pass as well, but prove less.)
TEST_F(EmbeddedSubscriptionTest, AMemberBlockedInPollWakesUpForANewcomer) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 4)}).ok());
  FromStart first_listener;
  FromStart second_listener;
  absl::StatusOr<std::unique_ptr<Subscription>> first =
      log->Subscribe(Options(&first_listener, "group"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->Poll(absl::ZeroDuration(), 10).ok());
  EXPECT_EQ((*first)->Assignment().size(), 4U);

  // Without a wake-up the newcomer would wait for the first member's minute to pass.
  absl::StatusOr<std::vector<Record>> first_polled;
  std::thread first_polls([&] { first_polled = (*first)->Poll(absl::Seconds(60), 10); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  absl::StatusOr<std::unique_ptr<Subscription>> second =
      log->Subscribe(Options(&second_listener, "group"));
  ASSERT_TRUE(second.ok());
  for (absl::Time deadline = Deadline();
       (*second)->Assignment().size() < 2 && absl::Now() < deadline;) {
    ASSERT_TRUE((*second)->Poll(absl::Milliseconds(50), 10).ok());
  }
  EXPECT_EQ((*second)->Assignment().size(), 2U);
  AppendToEveryPartition(*log, 4);  // Ends the first member's wait.
  first_polls.join();
  ASSERT_TRUE(first_polled.ok()) << first_polled.status();
  EXPECT_EQ(first_polled->size(), 2U);
  EXPECT_EQ((*first)->Assignment().size(), 2U);
}

TEST_F(EmbeddedSubscriptionTest, AMemberBlockedInPollWakesUpToTakeOverFromOneThatLeft) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 4)}).ok());
  FromStart first_listener;
  FromStart second_listener;
  absl::StatusOr<std::unique_ptr<Subscription>> first =
      log->Subscribe(Options(&first_listener, "group"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->Poll(absl::ZeroDuration(), 10).ok());
  absl::StatusOr<std::unique_ptr<Subscription>> second =
      log->Subscribe(Options(&second_listener, "group"));
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE((*second)->Poll(absl::ZeroDuration(), 10).ok());
  EXPECT_TRUE((*second)->Assignment().empty()) << "the first member has not let go yet";
  ASSERT_TRUE((*first)->Poll(absl::ZeroDuration(), 10).ok());
  ASSERT_TRUE((*second)->Poll(absl::ZeroDuration(), 10).ok());
  EXPECT_EQ((*first)->Assignment().size(), 2U);
  EXPECT_EQ((*second)->Assignment().size(), 2U);

  absl::StatusOr<std::vector<Record>> first_polled;
  std::thread first_polls([&] { first_polled = (*first)->Poll(absl::Seconds(60), 10); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  second->reset();
  for (absl::Time deadline = Deadline();
       (*first)->Assignment().size() < 4 && absl::Now() < deadline;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ((*first)->Assignment().size(), 4U);
  AppendToEveryPartition(*log, 4);
  first_polls.join();
  ASSERT_TRUE(first_polled.ok()) << first_polled.status();
  EXPECT_EQ(first_polled->size(), 4U);
}

}  // namespace
}  // namespace stem::eventlog::internal
