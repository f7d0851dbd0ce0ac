// Progress bars and spinners: drawn only when enabled (stderr is a terminal).
#include "tools/cli/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace stem::cli {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

TEST(ProgressLineTest, BarPercentAndCounts) {
  EXPECT_EQ(ProgressLine("read", 450, 1000, 10), "read [####......]  45% 450/1000");
  EXPECT_EQ(ProgressLine("read", 0, 0, 4), "read [####] 100% 0/0");
  // Out of range counts never overflow the bar.
  EXPECT_EQ(ProgressLine("read", 12, 10, 4), "read [####] 100% 12/10");
}

TEST(ProgressBarTest, DisabledDrawsNothing) {
  std::ostringstream err;
  {
    ProgressBar bar("read", 10, err, /*enabled=*/false);
    bar.Update(5);
  }
  EXPECT_EQ(err.str(), "");
}

TEST(ProgressBarTest, FinishDrawsTheLastStateOnce) {
  std::ostringstream err;
  ProgressBar bar("read", 10, err, /*enabled=*/true);
  bar.Update(10);
  bar.Finish();
  bar.Finish();
  EXPECT_THAT(err.str(), EndsWith("\rread [##############################] 100% 10/10\n"));
  EXPECT_EQ(err.str().find('\n'), err.str().size() - 1);
}

TEST(SpinnerTest, TurnsAndClearsItsLine) {
  std::ostringstream err;
  Spinner spinner("waiting for 127.0.0.1:50051", err, /*enabled=*/true);
  spinner.Tick("UNAVAILABLE");
  spinner.Tick("");
  spinner.Finish("SERVING");
  EXPECT_THAT(err.str(), HasSubstr("\r| waiting for 127.0.0.1:50051: UNAVAILABLE"));
  EXPECT_THAT(err.str(), HasSubstr("\r/ waiting for 127.0.0.1:50051             "));
  EXPECT_THAT(err.str(), EndsWith("\rSERVING\n"));
}

}  // namespace
}  // namespace stem::cli
