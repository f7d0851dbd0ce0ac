#include "libs/rpc/server.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "libs/common/error.h"
#include "libs/rpc/addresses.h"

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
  options.allow_plaintext_off_loopback = true;
  EXPECT_FALSE(Server::Start(options, {}, {}).ok());
}

TEST(ServerTest, RefusesPlaintextOffLoopbackUnlessToldItIsInsecure) {
  ServerOptions options;
  options.listen_address = "0.0.0.0:0";
  absl::StatusOr<std::unique_ptr<Server>> refused = Server::Start(options, {}, {});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), "PLAINTEXT_LISTEN_REFUSED");
  options.allow_plaintext_off_loopback = true;
  absl::StatusOr<std::unique_ptr<Server>> insecure = Server::Start(options, {}, {});
  EXPECT_TRUE(insecure.ok()) << insecure.status();
}

TEST(AddressesTest, OnlyLoopbackIsLoopback) {
  for (const char* address : {"127.0.0.1:50051", "127.1.2.3:0", "localhost:1", "[::1]:50051",
                              "dns:///localhost:443", "ipv4:127.0.0.1:5"}) {
    EXPECT_TRUE(IsLoopback(address)) << address;
  }
  for (const char* address :
       {"0.0.0.0:50051", "[::]:50051", "10.0.0.7:50051", "stem:50051",
        "dns:///stem-recognition:50051", "127example.com:1", "127.evil.example:1", ""}) {
    EXPECT_FALSE(IsLoopback(address)) << address;
  }
}

}  // namespace
}  // namespace stem::rpc
