#include "services/audit/remote_projections.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::audit {
namespace {

TEST(RemoteProjectionsTest, TheAuditsTokenNeverGoesInClearOffLoopback) {
  RemoteCredentials token;
  token.token = "auditor-token-0000001";
  EXPECT_TRUE(RemoteProjections::Create({"127.0.0.1:50051", "localhost:50052"}, token).ok());
  absl::StatusOr<std::unique_ptr<RemoteProjections>> refused =
      RemoteProjections::Create({"127.0.0.1:50051", "stem-subsidy:50051"}, token);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), "PLAINTEXT_TOKEN_REFUSED");
  EXPECT_NE(refused.status().message().find("stem-subsidy:50051"), std::string::npos);

  RemoteCredentials tls;
  tls.tls = grpc::SslCredentialsOptions{"ca", "key", "cert"};
  EXPECT_TRUE(RemoteProjections::Create({"stem-subsidy:50051"}, tls).ok());
}

}  // namespace
}  // namespace stem::audit
