// Credentials that change while a real stem-recognition runs (embedded log, no broker): a
// revoked token is refused once the token file is rewritten (seen by the file's change or on
// SIGHUP), a broken file leaves the tokens in force, and a second process on the gRPC port
// the first one holds fails to start instead of sharing it.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/status.h"
#include "libs/rpc/testing/test_tokens.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using rpc::testing::TestToken;

constexpr char kHealth[] = "stem.recognition.v1.RecognitionService";
constexpr absl::Duration kPatience = absl::Seconds(30);

class CredentialsReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.Sub("tokens"), TokenFileText({}));
    recognition_ = std::make_unique<ServiceProcess>(ServiceProcessOptions{
        STEM_RECOGNITION_BIN, EmbeddedFlags(dir_.Sub("data"), dir_.Sub("tokens")), kHealth,
        dir_.Sub("recognition.log")});
    ASSERT_TRUE(recognition_->StartServing(absl::Now() + kPatience).ok())
        << recognition_->LogTail();
  }

  // A query as `token`'s holder: its status.
  absl::Status QueryAs(const std::string& token) {
    recognition::v1::ListRecognisedAcademiesRequest request;
    recognition::v1::ListRecognisedAcademiesResponse response;
    return rpc::FromGrpcStatus(
        recognition::v1::RecognitionService::NewStub(recognition_->Channel())
            ->ListRecognisedAcademies(CallAs(token, absl::Seconds(10)).get(), request, &response));
  }

  // Until a query as `token`'s holder has `code`.
  bool Becomes(const std::string& token, absl::StatusCode code) {
    for (absl::Time deadline = absl::Now() + kPatience; absl::Now() < deadline;) {
      if (QueryAs(token).code() == code) return true;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
  }

  stem::testing::TempDir dir_;
  std::unique_ptr<ServiceProcess> recognition_;
};

TEST_F(CredentialsReloadTest, ARevokedTokenIsRefusedWithoutARestart) {
  ASSERT_TRUE(QueryAs("officer").ok());
  // The officer's token revoked, a new auditor's added: seen by the file's change.
  WriteFile(dir_.Sub("tokens"), TestToken("auditor") + " AUDITOR rekenhof\n" +
                                    TestToken("second-auditor") + " AUDITOR rekenhof-2\n");
  EXPECT_TRUE(Becomes("officer", absl::StatusCode::kUnauthenticated)) << recognition_->LogTail();
  EXPECT_TRUE(QueryAs("second-auditor").ok());

  // A file that does not load changes nothing: the tokens last loaded stay in force.
  WriteFile(dir_.Sub("tokens"), "this is no token file\n");
  recognition_->Signal(SIGHUP);
  for (absl::Time deadline = absl::Now() + kPatience;
       ReadAll(dir_.Sub("recognition.log")).find("was not reloaded") == std::string::npos &&
       absl::Now() < deadline;) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_NE(ReadAll(dir_.Sub("recognition.log")).find("was not reloaded"), std::string::npos);
  EXPECT_TRUE(QueryAs("second-auditor").ok());
  EXPECT_EQ(QueryAs("officer").code(), absl::StatusCode::kUnauthenticated);

  // SIGHUP reads a good file at once; the process keeps running.
  WriteFile(dir_.Sub("tokens"), TokenFileText({}));
  recognition_->Signal(SIGHUP);
  EXPECT_TRUE(Becomes("officer", absl::StatusCode::kOk)) << recognition_->LogTail();
  EXPECT_TRUE(recognition_->Running());
}

TEST_F(CredentialsReloadTest, ASecondProcessCannotTakeTheGrpcPort) {
  const std::string address = recognition_->Address();
  const std::string port = address.substr(address.rfind(':') + 1);
  const auto [code, said] = RunToEnd(
      STEM_RECOGNITION_BIN,
      EmbeddedFlags(dir_.Sub("second"), dir_.Sub("tokens"), {"--listen=127.0.0.1:" + port}));
  EXPECT_NE(code, 0) << said;
  EXPECT_NE(said.find("another process"), std::string::npos) << said;
  EXPECT_TRUE(QueryAs("officer").ok());
}

}  // namespace
}  // namespace stem::integration
