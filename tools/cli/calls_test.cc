// Generic unary and server-streaming calls against a real gRPC server of the suite
// (libs/rpc/server.h) and its standard health service, whose Watch is a server stream.
#include "tools/cli/calls.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "grpc/health/v1/health.pb.h"
#include "libs/rpc/server.h"

namespace stem::cli {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

constexpr char kCheck[] = "/grpc.health.v1.Health/Check";
constexpr char kWatch[] = "/grpc.health.v1.Health/Watch";
constexpr char kService[] = "stem.recognition.v1.RecognitionService";

class CallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = rpc::Server::Start(rpc::ServerOptions(), {}, {kService});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    GlobalOptions options;
    options.server = "127.0.0.1:" + std::to_string(server_->port());
    auto connection = Connect(options, Environment(), {}, absl::Seconds(1));
    ASSERT_TRUE(connection.ok()) << connection.status();
    connection_ = *connection;
  }

  static HealthCheckRequest For(const std::string& service) {
    HealthCheckRequest request;
    request.set_service(service);
    return request;
  }

  std::unique_ptr<rpc::Server> server_;
  Connection connection_;
};

TEST_F(CallsTest, AUnaryCallParsesTheAnswerOrReturnsTheError) {
  HealthCheckResponse response;
  ASSERT_TRUE(CallUnary(connection_, kCheck, For(kService), &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  server_->SetServing(true);
  ASSERT_TRUE(CallUnary(connection_, kCheck, For(kService), &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  EXPECT_EQ(CallUnary(connection_, kCheck, For("stem.nothing.v1.Nothing"), &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(CallsTest, AServerStreamDeliversEachMessageAsItArrives) {
  std::vector<HealthCheckResponse::ServingStatus> seen;
  const grpc::Status status =
      CallServerStream(connection_, kWatch, For(kService), HealthCheckResponse(),
                       [&](const google::protobuf::Message& message) {
                         seen.push_back(dynamic_cast<const HealthCheckResponse&>(message).status());
                         // The first message has arrived while the call runs: the next one follows
                         // it.
                         if (seen.size() == 1) server_->SetServing(true);
                       });
  // Watch never ends by itself: the connection's deadline (1s) ends it.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  // SetServing reports the whole server and then each name: the same status may come twice.
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen.front(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(seen.back(), HealthCheckResponse::SERVING);
}

TEST_F(CallsTest, AStreamFromAnUnreachableServerEndsUnavailableWithoutMessages) {
  server_.reset();  // nothing listens on the port any more
  int messages = 0;
  const grpc::Status status =
      CallServerStream(connection_, kWatch, For(kService), HealthCheckResponse(),
                       [&messages](const google::protobuf::Message&) { ++messages; });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(messages, 0);
}

}  // namespace
}  // namespace stem::cli
