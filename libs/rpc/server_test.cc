#include "libs/rpc/server.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "grpc/health/v1/health.grpc.pb.h"

namespace stem::rpc {
namespace {

TEST(ServerTest, HealthFollowsReadiness) {
  // No service of its own: the standard health service is enough to see readiness.
  auto server = Server::Start({}, {}, {"stem.test.v1.TestService"});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string((*server)->port()),
                                     grpc::InsecureChannelCredentials());

  auto health = grpc::health::v1::Health::NewStub(channel);
  auto check = [&] {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("stem.test.v1.TestService");
    grpc::health::v1::HealthCheckResponse response;
    EXPECT_TRUE(health->Check(&context, request, &response).ok());
    return response.status();
  };
  EXPECT_EQ(check(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  (*server)->SetServing(true);
  EXPECT_EQ(check(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST(ServerTest, CallDeadlineIsTheCallersButCapped) {
  grpc::ServerContext context;  // no deadline set: infinite
  const absl::Time deadline = CallDeadline(context, absl::Seconds(30));
  EXPECT_LE(deadline, absl::Now() + absl::Seconds(30));
  EXPECT_GT(deadline, absl::Now() + absl::Seconds(29));
}

TEST(ServerTest, RefusesAnAddressItCannotListenOn) {
  ServerOptions options;
  options.listen_address = "203.0.113.1:1";  // TEST-NET-3: not an address of this host
  EXPECT_FALSE(Server::Start(options, {}, {}).ok());
}

}  // namespace
}  // namespace stem::rpc
