// Errors as a person reads them and the exit statuses scripts branch on. The gRPC statuses
// are built as a server sends them: a google.rpc.Status with a google.rpc.ErrorInfo in the
// binary details (grpc-status-details-bin).
#include "tools/cli/errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace stem::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

grpc::Status WithReason(grpc::StatusCode code, const std::string& reason,
                        const std::string& message) {
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("stem-academies.vlaio.be");
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  details.add_details()->PackFrom(info);
  return grpc::Status(code, message, details.SerializeAsString());
}

struct Reported {
  ExitStatus exit;
  std::string text;
};

Reported Report(const grpc::Status& status) {
  std::ostringstream err;
  const ExitStatus exit = ReportRpcError(status, "127.0.0.1:50051", err);
  return {exit, err.str()};
}

TEST(ReportRpcErrorTest, ShowsTheCodeTheReasonTheMessageAndWhatToFix) {
  const Reported reported = Report(WithReason(grpc::StatusCode::INVALID_ARGUMENT, "KBO_INVALID",
                                              "0123456748 is not a valid KBO number"));
  EXPECT_EQ(reported.exit, kExitRefused);
  EXPECT_EQ(reported.text,
            "error: INVALID_ARGUMENT KBO_INVALID: 0123456748 is not a valid KBO number\n"
            "hint: write the KBO number as 0123.456.749, 0123456749 or BE0123456749\n");
}

TEST(ReportRpcErrorTest, AWrongRoleIsRefused) {
  const Reported reported = Report(
      WithReason(grpc::StatusCode::PERMISSION_DENIED, "ROLE_NOT_ALLOWED", "ACADEMY may not grant"));
  EXPECT_EQ(reported.exit, kExitRefused);
  EXPECT_THAT(reported.text, HasSubstr("error: PERMISSION_DENIED ROLE_NOT_ALLOWED: "));
  EXPECT_THAT(reported.text, HasSubstr("hint: your role may not do this"));
}

TEST(ReportRpcErrorTest, AReasonWithoutAdviceHasNoHintLine) {
  const Reported reported =
      Report(WithReason(grpc::StatusCode::NOT_FOUND, "SOMETHING_NEW", "no such thing"));
  EXPECT_EQ(reported.exit, kExitRefused);
  EXPECT_EQ(reported.text, "error: NOT_FOUND SOMETHING_NEW: no such thing\n");
}

TEST(ReportRpcErrorTest, AnUnreachableServerExitsWithThreeAndNamesTheServer) {
  const Reported reported =
      Report(grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses"));
  EXPECT_EQ(reported.exit, kExitUnreachable);
  EXPECT_THAT(reported.text, HasSubstr("error: UNAVAILABLE: failed to connect"));
  EXPECT_THAT(reported.text, HasSubstr("hint: is a server running at 127.0.0.1:50051?"));
}

TEST(ReportRpcErrorTest, NoAnswerInTimeExitsWithThreeAndSaysHowToRetry) {
  const Reported reported =
      Report(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded"));
  EXPECT_EQ(reported.exit, kExitUnreachable);
  EXPECT_THAT(reported.text, HasSubstr("retry with the same --request-id"));
}

TEST(ReportRpcErrorTest, AnErrorWithoutDetailsShowsItsCodeAndMessage) {
  const Reported reported = Report(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""));
  EXPECT_EQ(reported.exit, kExitRefused);
  EXPECT_THAT(reported.text, HasSubstr("error: UNIMPLEMENTED: \n"));
  EXPECT_THAT(reported.text, HasSubstr("hint: this server does not serve that service"));
  // Details that are no google.rpc.Status do not hide the error.
  const Reported garbled =
      Report(grpc::Status(grpc::StatusCode::INTERNAL, "boom", std::string("\xff\xff", 2)));
  EXPECT_EQ(garbled.exit, kExitRefused);
  EXPECT_EQ(garbled.text, "error: INTERNAL: boom\n");
}

TEST(ExitStatusForTest, OnlyNoAnswerIsUnreachable) {
  EXPECT_EQ(ExitStatusFor(grpc::Status::OK), kExitOk);
  EXPECT_EQ(ExitStatusFor(grpc::Status(grpc::StatusCode::UNAVAILABLE, "")), kExitUnreachable);
  EXPECT_EQ(ExitStatusFor(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "")), kExitUnreachable);
  // A server that says why it is unavailable did answer.
  EXPECT_EQ(ExitStatusFor(WithReason(grpc::StatusCode::UNAVAILABLE, "NOT_READY", "catching up")),
            kExitRefused);
  EXPECT_EQ(ExitStatusFor(WithReason(grpc::StatusCode::ABORTED, "CONTENTION", "")), kExitRefused);
  EXPECT_EQ(ExitStatusFor(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "")), kExitRefused);
}

TEST(HintForTest, KnowsReasonsAndCodes) {
  EXPECT_THAT(std::string(HintFor("MUNICIPALITY_UNKNOWN")), HasSubstr("NIS code"));
  EXPECT_THAT(std::string(HintFor("IDENTITY_MISSING")), HasSubstr("STEM_TOKEN"));
  EXPECT_THAT(std::string(HintFor("UNIMPLEMENTED")), HasSubstr("--server"));
  EXPECT_TRUE(HintFor("NO_SUCH_REASON").empty());
}

TEST(ReportUsageErrorTest, ExitsWithTwoAndPointsAtHelp) {
  std::ostringstream err;
  EXPECT_EQ(
      ReportUsageError(absl::InvalidArgumentError("--ages.min-age: 'eight' is not a number"), err),
      kExitUsage);
  EXPECT_EQ(err.str(),
            "error: --ages.min-age: 'eight' is not a number\n"
            "Run with --help for more information.\n");
  EXPECT_THAT(err.str(), Not(HasSubstr("hint")));
}

}  // namespace
}  // namespace stem::cli
