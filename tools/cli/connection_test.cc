// Where a call goes and who it says it is: flags over the environment, per-service servers.
#include "tools/cli/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "libs/common/testing/temp_dir.h"

namespace stem::cli {
namespace {

using Variables = std::map<std::string, std::string>;
using ::testing::HasSubstr;

const std::vector<std::string> kRecognitionEnv = {"STEM_SERVER_RECOGNITION"};

TEST(ResolveServerTest, FlagThenServiceVariableThenStemServerThenDefault) {
  GlobalOptions options;
  EXPECT_EQ(ResolveServer(options, Environment(), kRecognitionEnv), "127.0.0.1:50051");
  const Environment shared(Variables{{"STEM_SERVER", "suite:443"}});
  EXPECT_EQ(ResolveServer(options, shared, kRecognitionEnv), "suite:443");
  const Environment both(
      {{"STEM_SERVER", "suite:443"}, {"STEM_SERVER_RECOGNITION", "recognition:443"}});
  EXPECT_EQ(ResolveServer(options, both, kRecognitionEnv), "recognition:443");
  EXPECT_EQ(ResolveServer(options, both, {"STEM_SERVER_ACTIVITY"}), "suite:443");
  options.server = "localhost:7000";
  EXPECT_EQ(ResolveServer(options, both, kRecognitionEnv), "localhost:7000");
}

TEST(ParseTimeoutTest, APositiveDurationOrTheDefault) {
  EXPECT_EQ(*ParseTimeout("", absl::Seconds(30)), absl::Seconds(30));
  EXPECT_EQ(*ParseTimeout("2m", absl::Seconds(30)), absl::Minutes(2));
  EXPECT_EQ(*ParseTimeout("1h30m", absl::Seconds(30)), absl::Minutes(90));
  for (const char* bad : {"0s", "-5s", "soon", "inf", "30"}) {
    const auto parsed = ParseTimeout(bad, absl::Seconds(30));
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("--timeout")) << bad;
  }
}

TEST(ConnectTest, TheTokenComesFromTheFlagElseFromStemToken) {
  GlobalOptions options;
  const Environment env(Variables{{"STEM_TOKEN", "officer"}});
  auto from_env = Connect(options, env, kRecognitionEnv, absl::Seconds(30));
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(from_env->token, "officer");
  EXPECT_EQ(from_env->timeout, absl::Seconds(30));
  options.token = "auditor";
  options.timeout = "5s";
  auto from_flag = Connect(options, env, kRecognitionEnv, absl::Seconds(30));
  ASSERT_TRUE(from_flag.ok()) << from_flag.status();
  EXPECT_EQ(from_flag->token, "auditor");
  EXPECT_EQ(from_flag->timeout, absl::Seconds(5));
  auto anonymous = Connect(GlobalOptions(), Environment(), kRecognitionEnv, absl::Seconds(30));
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ(anonymous->token, "");
}

TEST(ConnectTest, MutualTlsNeedsAllThreeReadableFiles) {
  GlobalOptions options;
  options.cert = "/nonexistent/client.pem";
  auto partial = Connect(options, Environment(), kRecognitionEnv, absl::Seconds(30));
  ASSERT_FALSE(partial.ok());
  EXPECT_THAT(std::string(partial.status().message()), HasSubstr("--cert, --key and --ca"));

  stem::testing::TempDir dir;
  std::ofstream(dir.Sub("client.pem")) << "not really a certificate";
  std::ofstream(dir.Sub("client.key")) << "not really a key";
  const Environment env(Variables{{"STEM_CERT", dir.Sub("client.pem")},
                                  {"STEM_KEY", dir.Sub("client.key")},
                                  {"STEM_CA", dir.Sub("ca.pem")}});
  auto unreadable = Connect(GlobalOptions(), env, kRecognitionEnv, absl::Seconds(30));
  ASSERT_FALSE(unreadable.ok());
  EXPECT_THAT(std::string(unreadable.status().message()), HasSubstr("--ca: cannot read"));
}

}  // namespace
}  // namespace stem::cli
