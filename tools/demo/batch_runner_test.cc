#include "tools/demo/batch_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>

namespace stem::demo {
namespace {

TEST(BatchRunnerTest, RunsEveryTaskOnce) {
  std::vector<std::atomic<int>> runs(100);
  EXPECT_TRUE(RunBatch(4, runs.size(), [&](size_t i) {
                ++runs[i];
                return absl::OkStatus();
              }).ok());
  for (const auto& count : runs) EXPECT_EQ(count.load(), 1);
  EXPECT_TRUE(RunBatch(4, 0, [](size_t) { return absl::InternalError("never"); }).ok());
}

TEST(BatchRunnerTest, AnswersTheFailureWithTheLowestIndex) {
  for (int parallelism : {1, 3, 8}) {
    absl::Status status = RunBatch(parallelism, 50, [](size_t i) {
      return i % 10 == 7 ? absl::InvalidArgumentError("task " + std::to_string(i))
                         : absl::OkStatus();
    });
    EXPECT_EQ(status.message(), "task 7") << parallelism;
  }
}

}  // namespace
}  // namespace stem::demo
