// A command's consistency token makes a query on another replica read the command's
// effect (issue 15): two stem-recognition replicas on the test broker.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/status.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "tests/integration/kafka_test_util.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using eventlog::kafka_testing::KafkaBootstrap;
using eventlog::kafka_testing::UniqueKafkaName;

constexpr char kAcademy[] = "0123456749";
constexpr char kConsistencyToken[] = "stem-consistency-token";
constexpr absl::Duration kPatience = absl::Seconds(60);

class ReplicaTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bootstrap_ = KafkaBootstrap();  // fails (does not skip) without a broker
    ASSERT_FALSE(bootstrap_.empty());
    prefix_ = UniqueKafkaName("consistency") + ".";
    WriteFile(dir_.Sub("tokens"), TokenFileText({}));
  }

  std::unique_ptr<ServiceProcess> Replica(const std::string& name) {
    ServiceFlags flags{
        bootstrap_,    prefix_, dir_.Sub(name), dir_.Sub("tokens"), "2019-01-07T09:00:00Z",
        prefix_ + name};
    return std::make_unique<ServiceProcess>(
        ServiceProcessOptions{STEM_RECOGNITION_BIN, KafkaFlags(flags),
                              "stem.recognition.v1.RecognitionService", dir_.Sub(name + ".log")});
  }

  stem::testing::TempDir dir_;
  std::string bootstrap_;
  std::string prefix_;
};

// The token of a command's answer (its initial metadata).
std::string TokenOf(const grpc::ClientContext& context) {
  const auto& metadata = context.GetServerInitialMetadata();
  auto token = metadata.find(kConsistencyToken);
  return token == metadata.end() ? "" : std::string(token->second.data(), token->second.size());
}

absl::Status StatusOn(ServiceProcess& replica, const std::string& token, absl::Duration timeout,
                      recognition::v1::GetRecognitionStatusResponse* out) {
  recognition::v1::GetRecognitionStatusRequest request;
  request.set_kbo(kAcademy);
  auto context = CallAs("officer", timeout);
  if (!token.empty()) context->AddMetadata(kConsistencyToken, token);
  return rpc::FromGrpcStatus(recognition::v1::RecognitionService::NewStub(replica.Channel())
                                 ->GetRecognitionStatus(context.get(), request, out));
}

TEST_F(ReplicaTokenTest, ACommandsTokenMakesAQueryOnAnotherReplicaReadItsEffect) {
  auto first = Replica("first");
  auto second = Replica("second");
  ASSERT_TRUE(first->StartServing(absl::Now() + kPatience).ok()) << first->LogTail();
  ASSERT_TRUE(second->StartServing(absl::Now() + kPatience).ok()) << second->LogTail();
  auto stub = recognition::v1::RecognitionService::NewStub(first->Channel());

  recognition::v1::SubmitApplicationResponse submitted;
  auto submit = CallAs("officer", kPatience);
  ASSERT_TRUE(rpc::FromGrpcStatus(
                  stub->SubmitApplication(submit.get(), ApplicationFor(kAcademy), &submitted))
                  .ok());
  recognition::v1::GrantRecognitionRequest grant;
  grant.set_request_id("grant-" + std::string(kAcademy));
  grant.set_kbo(kAcademy);
  grant.set_application_id(submitted.application_id());
  grant.set_kind(recognition::v1::RECOGNITION_KIND_PROVISIONAL);
  grant.set_reason("meets every criterion");
  recognition::v1::GrantRecognitionResponse granted;
  auto granting = CallAs("officer", kPatience);
  ASSERT_TRUE(rpc::FromGrpcStatus(stub->GrantRecognition(granting.get(), grant, &granted)).ok());
  const std::string token = TokenOf(*granting);
  ASSERT_NE(token.find(prefix_ + "stem.recognition.events/"), std::string::npos) << token;

  // Whenever the second replica answers, it has applied the grant.
  recognition::v1::GetRecognitionStatusResponse status;
  const absl::Status read = StatusOn(*second, token, absl::Seconds(30), &status);
  ASSERT_TRUE(read.ok()) << read;
  EXPECT_TRUE(status.recognised()) << status.not_recognised_because();

  // A token past the log's end: the replica waits until the deadline, then says so.
  const size_t equals = token.rfind('=');
  const std::string future = token.substr(0, equals + 1) + "999999999";
  const absl::Status waited = StatusOn(*second, future, absl::Seconds(2), &status);
  EXPECT_EQ(ReasonOf(waited), "REPLICA_CATCHING_UP") << waited;
  // A token that is no token.
  const absl::Status garbled = StatusOn(*second, "no token at all", absl::Seconds(5), &status);
  EXPECT_EQ(garbled.code(), absl::StatusCode::kInvalidArgument) << garbled;
  EXPECT_EQ(ReasonOf(garbled), "CONSISTENCY_TOKEN_INVALID");
}

}  // namespace
}  // namespace stem::integration
