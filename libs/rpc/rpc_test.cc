#include <gtest/gtest.h>

#include "libs/common/error.h"
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

TEST(TokenFileTest, RejectsMalformedFiles) {
  EXPECT_FALSE(TokenFileAuthenticator::Parse("t1 KING someone\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse("t1 ACADEMY 123\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse("t1 MUNICIPALITY 1100\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse("t1 OFFICER\n").ok());
  EXPECT_FALSE(TokenFileAuthenticator::Parse("t1 OFFICER a\nt1 AUDITOR b\n").ok());
  EXPECT_TRUE(TokenFileAuthenticator::Parse("# comment\n\nt1 MUNICIPALITY 11002\n").ok());
}

TEST(PrincipalTest, RoleCheck) {
  Principal officer{events::v1::ACTOR_ROLE_OFFICER, "an"};
  EXPECT_TRUE(RequireRole(officer, {events::v1::ACTOR_ROLE_OFFICER}).ok());
  absl::Status denied = RequireRole(officer, {events::v1::ACTOR_ROLE_AUDITOR});
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(denied), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(officer.ToActor().identity(), "an");
}

}  // namespace
}  // namespace stem::rpc
