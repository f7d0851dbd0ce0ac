#include "libs/eventlog/internal/fresh_fetch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"

namespace stem::eventlog::internal {
namespace {

// A fetch that counts its runs and blocks until released, as librdkafka's offset query does
// while no broker answers.
struct BlockingFetch {
  std::atomic<int> runs{0};
  absl::Notification release;
  absl::Notification first_started;
};

// Shares the counter with the fetch thread, which may outlive the test's FreshFetch.
FreshFetch<int>::Fetch FetchOf(std::shared_ptr<BlockingFetch> blocking) {
  return [blocking]() -> absl::StatusOr<int> {
    const int run = ++blocking->runs;
    if (run == 1) blocking->first_started.Notify();
    blocking->release.WaitForNotification();
    return run;
  };
}

TEST(FreshFetchTest, ACallerLeavesAtItsDeadlineWhileTheFetchHangs) {
  auto blocking = std::make_shared<BlockingFetch>();
  FreshFetch<int> fetch(FetchOf(blocking));
  EXPECT_FALSE(fetch.Get(absl::Now() + absl::Milliseconds(50)).has_value());
  EXPECT_FALSE(fetch.Get(absl::Now() + absl::Milliseconds(50)).has_value());
  blocking->release.Notify();
  auto result = fetch.Get(absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok());
  EXPECT_GE(**result, 2) << "a run that started before the call does not answer it";
}

TEST(FreshFetchTest, ACallerGetsARunThatStartedAfterItArrived) {
  auto blocking = std::make_shared<BlockingFetch>();
  FreshFetch<int> fetch(FetchOf(blocking));
  std::thread early([&] { (void)fetch.Get(absl::Now() + absl::Seconds(30)); });
  blocking->first_started.WaitForNotification();
  // Run 1 is under way: this caller must wait for run 2.
  std::optional<absl::StatusOr<int>> late;
  std::thread late_caller([&] { late = fetch.Get(absl::Now() + absl::Seconds(30)); });
  absl::SleepFor(absl::Milliseconds(20));
  blocking->release.Notify();
  early.join();
  late_caller.join();
  ASSERT_TRUE(late.has_value() && late->ok());
  EXPECT_EQ(**late, 2);
}

TEST(FreshFetchTest, CallersWaitingTogetherShareOneRun) {
  auto blocking = std::make_shared<BlockingFetch>();
  FreshFetch<int> fetch(FetchOf(blocking));
  std::thread first([&] { (void)fetch.Get(absl::Now() + absl::Seconds(30)); });
  blocking->first_started.WaitForNotification();
  std::vector<std::thread> callers;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&] {
      auto result = fetch.Get(absl::Now() + absl::Seconds(30));
      if (result.has_value() && result->ok()) ++answered;
    });
  }
  absl::SleepFor(absl::Milliseconds(20));
  blocking->release.Notify();
  first.join();
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(answered.load(), 8);
  EXPECT_LE(blocking->runs.load(), 3) << "one run for the first caller, one or two for the rest";
}

TEST(FreshFetchTest, ItsErrorsReachTheCallers) {
  FreshFetch<int> fetch([]() -> absl::StatusOr<int> { return absl::UnavailableError("away"); });
  auto result = fetch.Get(absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace stem::eventlog::internal
