// The suite's Kafka clients encrypted and authenticated, on the test broker's two secure
// listeners (deploy/kafka/broker.sh): stem-recognition serves a recognition end to end
//   - over SASL_SSL (SASL/PLAIN over TLS, the broker's certificate checked against the test
//     CA), its password read from an owner-only secret config file, not the command line;
//   - over mutual TLS (security.protocol=SSL with a client certificate the broker requires).
// With a wrong password, or without a client certificate, it does not start.
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

std::vector<std::string> FlagsOn(const std::string& bootstrap, const stem::testing::TempDir& dir,
                                 const std::string& prefix, const std::string& kafka_config) {
  ServiceFlags flags{bootstrap,
                     prefix,
                     dir.Sub("data"),
                     dir.Sub("tokens"),
                     "2019-01-07T09:00:00Z",
                     prefix + "recognition-0"};
  std::vector<std::string> args = KafkaFlags(flags);
  args.push_back("--kafka_config=" + kafka_config);
  return args;
}

std::vector<std::string> SaslFlags(const stem::testing::TempDir& dir, const std::string& prefix,
                                   const std::string& password) {
  WriteFile(dir.Sub("kafka-secrets"), "# the SASL password\nsasl.password=" + password + "\n");
  std::vector<std::string> args =
      FlagsOn(Env("STEM_KAFKA_SASL_BOOTSTRAP"), dir, prefix,
              "security.protocol=SASL_SSL,sasl.mechanisms=PLAIN,sasl.username=" +
                  Env("STEM_KAFKA_SASL_USERNAME") + ",ssl.ca.location=" + Env("STEM_KAFKA_CA"));
  args.push_back("--kafka_secret_config_file=" + dir.Sub("kafka-secrets"));
  return args;
}

std::vector<std::string> MutualTlsFlags(const stem::testing::TempDir& dir,
                                        const std::string& prefix, bool with_certificate) {
  std::string config = "security.protocol=SSL,ssl.ca.location=" + Env("STEM_KAFKA_CA");
  if (with_certificate) {
    config += ",ssl.certificate.location=" + Env("STEM_KAFKA_CLIENT_CERT") +
              ",ssl.key.location=" + Env("STEM_KAFKA_CLIENT_KEY");
  }
  return FlagsOn(Env("STEM_KAFKA_MTLS_BOOTSTRAP"), dir, prefix, config);
}

void ExpectServesARecognition(const std::vector<std::string>& args,
                              const stem::testing::TempDir& dir) {
  ServiceProcess recognition({STEM_RECOGNITION_BIN, args, "stem.recognition.v1.RecognitionService",
                              dir.Sub("recognition.log")});
  ASSERT_TRUE(recognition.StartServing(absl::Now() + kPatience).ok()) << recognition.LogTail();
  EXPECT_TRUE(RecogniseAcademy(recognition.Channel(), "0123456749").ok());
  auto stopped = recognition.Terminate(absl::Now() + kPatience);
  EXPECT_TRUE(stopped.ok() && *stopped == 0) << recognition.LogTail();
}

void ExpectDoesNotStart(std::vector<std::string> args) {
  args.push_back("--listen=127.0.0.1:0");
  // Refused credentials are not an outage: the start must not wait for the brokers to come
  // back (it would, up to this, and be stopped by `timeout` without the message below).
  args.push_back("--kafka_start_wait=5m");
  const auto [status, output] = RunToEnd("timeout 90 " STEM_RECOGNITION_BIN, args);
  EXPECT_NE(status, 0) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("cannot start")) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("refused this client's credentials")) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("LOG_ACCESS_DENIED")) << output;
}

TEST(KafkaSecureClientsTest, AServiceRunsOverSaslSsl) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({"0123456749"}));
  ExpectServesARecognition(
      SaslFlags(dir, UniqueKafkaName("sasl") + ".", Env("STEM_KAFKA_SASL_PASSWORD")), dir);
}

TEST(KafkaSecureClientsTest, AWrongSaslPasswordDoesNotStart) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({}));
  ExpectDoesNotStart(SaslFlags(dir, UniqueKafkaName("sasl-refused") + ".", "wrong"));
}

TEST(KafkaSecureClientsTest, AServiceRunsOverMutualTls) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({"0123456749"}));
  ExpectServesARecognition(MutualTlsFlags(dir, UniqueKafkaName("mtls") + ".", true), dir);
}

TEST(KafkaSecureClientsTest, WithoutAClientCertificateItDoesNotStart) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({}));
  ExpectDoesNotStart(MutualTlsFlags(dir, UniqueKafkaName("mtls-refused") + ".", false));
}

}  // namespace
}  // namespace stem::integration
