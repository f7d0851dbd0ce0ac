#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/authenticator.h"
#include "libs/rpc/principal.h"
#include "libs/rpc/status.h"

namespace stem::rpc {
namespace {

TEST(StatusTest, ReasonSurvivesTheRoundTripThroughGrpc) {
  absl::Status original =
      MakeError(absl::StatusCode::kInvalidArgument, "KBO_INVALID", "check digits do not match");
  grpc::Status wire = ToGrpcStatus(original);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(wire.error_details().empty());
  absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), "check digits do not match");
  EXPECT_EQ(ReasonOf(back), "KBO_INVALID");
}

TEST(StatusTest, PlainErrorsAndOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  grpc::Status wire = ToGrpcStatus(absl::NotFoundError("no such academy"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(wire.error_details().empty());
  EXPECT_EQ(ReasonOf(FromGrpcStatus(wire)), "");
}

// A bulk import answers each item with the google.rpc.Status of its own error.
TEST(StatusTest, AnItemsStatusCarriesTheSameReason) {
  EXPECT_EQ(ToRpcStatus(absl::OkStatus()).code(), 0);
  EXPECT_TRUE(FromRpcStatus(ToRpcStatus(absl::OkStatus())).ok());
  const absl::Status original = WithRetryDelay(
      MakeError(absl::StatusCode::kUnavailable, "LOG_UNAVAILABLE", "later"), absl::Seconds(2));
  const google::rpc::Status item = ToRpcStatus(original);
  EXPECT_EQ(item.code(), static_cast<int>(absl::StatusCode::kUnavailable));
  EXPECT_EQ(item.details_size(), 2);
  const absl::Status back = FromRpcStatus(item);
  EXPECT_EQ(back.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReasonOf(back), "LOG_UNAVAILABLE");
  EXPECT_EQ(RetryDelayOf(back), absl::Seconds(2));
  EXPECT_EQ(ToGrpcStatus(original).error_details(), item.SerializeAsString());
}

TEST(TokenFileTest, RejectsMalformedFiles) {
  const std::string t1 = "t1-0123456789abcdef";
  EXPECT_FALSE(TokenFileAuthenticator::Parse(t1 + " KING someone\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse(t1 + " ACADEMY 123\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse(t1 + " MUNICIPALITY 1100\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse(t1 + " OFFICER\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse(t1 + " OFFICER a\n" + t1 + " AUDITOR b\n").ok());
  EXPECT_TRUE(TokenFileAuthenticator::Parse("# comment\n\n" + t1 + " MUNICIPALITY 11002\n").ok());
}

TEST(TokenFileTest, RefusesTokensShorterThanSixteenCharacters) {
  absl::Status short_token = TokenFileAuthenticator::Parse("officer OFFICER an\n").status();
  EXPECT_EQ(short_token.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(short_token.message()).find("16"), std::string::npos);
  EXPECT_TRUE(TokenFileAuthenticator::Parse("0123456789abcdef OFFICER an\n").ok());
}

TEST(TokenFileTest, RefusesAFileOthersMayRead) {
  stem::testing::TempDir dir;
  const std::string path = dir.Sub("tokens");
  {
    std::ofstream out(path);
    out << "0123456789abcdef OFFICER an\n";
  }
  ::chmod(path.c_str(), 0644);
  absl::Status readable = TokenFileAuthenticator::Load(path).status();
  EXPECT_EQ(readable.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(readable.message()).find("chmod 600"), std::string::npos);
  ::chmod(path.c_str(), 0640);
  EXPECT_FALSE(TokenFileAuthenticator::Load(path).ok());
  ::chmod(path.c_str(), 0600);
  EXPECT_TRUE(TokenFileAuthenticator::Load(path).ok());
  EXPECT_FALSE(TokenFileAuthenticator::Load(dir.path()).ok());
}

TEST(CountingAuthenticatorTest, CountsWhatItsInnerAuthenticatorRefuses) {
  auto tokens = TokenFileAuthenticator::Parse("0123456789abcdef OFFICER an\n");
  ASSERT_TRUE(tokens.ok());
  CountingAuthenticator counting(std::move(*tokens));
  grpc::ServerContext no_header;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(ReasonOf(counting.Authenticate(no_header).status()), "IDENTITY_MISSING");
  }
  EXPECT_EQ(counting.refused(), 100);
}

TEST(PrincipalTest, RoleCheck) {
  Principal officer{identity::v1::ACTOR_ROLE_OFFICER, "an"};
  EXPECT_TRUE(RequireRole(officer, {identity::v1::ACTOR_ROLE_OFFICER}).ok());
  absl::Status denied = RequireRole(officer, {identity::v1::ACTOR_ROLE_AUDITOR});
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(denied), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(officer.ToActor().identity(), "an");
}

}  // namespace
}  // namespace stem::rpc
