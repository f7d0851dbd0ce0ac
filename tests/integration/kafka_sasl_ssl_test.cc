// The suite's Kafka clients encrypted and authenticated: stem-recognition on the test
// broker's SASL_SSL listener (SASL/PLAIN over TLS, the broker's certificate checked against
// the test CA) serves a recognition end to end; with a wrong password it does not
// start.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "libs/common/testing/temp_dir.h"
#include "tests/integration/kafka_test_util.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using eventlog::kafka_testing::kPatience;
using eventlog::kafka_testing::UniqueKafkaName;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  EXPECT_NE(value, nullptr) << name << " is not set: run under deploy/kafka/broker.sh run";
  return value != nullptr ? value : "";
}

std::vector<std::string> SaslFlags(const std::string& data_dir, const std::string& tokens,
                                   const std::string& prefix, const std::string& password) {
  ServiceFlags flags{
      Env("STEM_KAFKA_SASL_BOOTSTRAP"), prefix, data_dir, tokens, "2019-01-07T09:00:00Z",
      prefix + "recognition-0"};
  std::vector<std::string> args = KafkaFlags(flags);
  args.push_back(
      "--kafka_config=security.protocol=SASL_SSL,sasl.mechanisms=PLAIN,"
      "sasl.username=" +
      Env("STEM_KAFKA_SASL_USERNAME") + ",sasl.password=" + password +
      ",ssl.ca.location=" + Env("STEM_KAFKA_CA"));
  return args;
}

TEST(KafkaSaslSslTest, AServiceRunsOnAnEncryptedAuthenticatedBroker) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({"0123456749"}));
  const std::string prefix = UniqueKafkaName("sasl") + ".";
  ServiceProcess recognition(
      {STEM_RECOGNITION_BIN,
       SaslFlags(dir.Sub("data"), dir.Sub("tokens"), prefix, Env("STEM_KAFKA_SASL_PASSWORD")),
       "stem.recognition.v1.RecognitionService", dir.Sub("recognition.log")});
  ASSERT_TRUE(recognition.StartServing(absl::Now() + kPatience).ok()) << recognition.LogTail();
  EXPECT_TRUE(RecogniseAcademy(recognition.Channel(), "0123456749").ok());
  auto stopped = recognition.Terminate(absl::Now() + kPatience);
  EXPECT_TRUE(stopped.ok() && *stopped == 0) << recognition.LogTail();
}

TEST(KafkaSaslSslTest, AWrongPasswordDoesNotStart) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({}));
  std::vector<std::string> args =
      SaslFlags(dir.Sub("data"), dir.Sub("tokens"), UniqueKafkaName("sasl-refused") + ".", "wrong");
  args.push_back("--listen=127.0.0.1:0");
  // librdkafka retries authentication: bound the start by its request timeout.
  const auto [status, output] = RunToEnd("timeout 60 " STEM_RECOGNITION_BIN, args);
  EXPECT_NE(status, 0) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("cannot start")) << output;
}

}  // namespace
}  // namespace stem::integration
