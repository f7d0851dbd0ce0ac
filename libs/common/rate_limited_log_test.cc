#include "libs/common/rate_limited_log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stem {
namespace {

TEST(RateLimitedLogTest, ABurstThenOneLinePerIntervalAndTheCountOfWhatWasLeftOut) {
  absl::Time now = absl::FromUnixSeconds(1000);
  std::vector<std::string> lines;
  RateLimitedLog log({"authentication", 3, absl::Seconds(1),
                      [&](std::string_view line) { lines.emplace_back(line); },
                      [&] { return now; }});
  for (int i = 0; i < 1000; ++i) log.Log("refused token from 127.0.0.1");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "authentication: refused token from 127.0.0.1");
  EXPECT_EQ(log.logged(), 1000);
  EXPECT_EQ(log.left_out(), 997);

  now += absl::Milliseconds(500);
  log.Log("again");
  EXPECT_EQ(lines.size(), 3u);
  now += absl::Milliseconds(600);
  log.Log("later");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[3], "authentication: later (998 similar lines left out before)");

  // A long quiet spell refills the burst, not more.
  now += absl::Hours(1);
  for (int i = 0; i < 10; ++i) log.Log("x");
  EXPECT_EQ(lines.size(), 7u);
}

}  // namespace
}  // namespace stem
