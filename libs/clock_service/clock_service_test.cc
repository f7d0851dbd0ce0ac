#include "libs/clock_service/clock_service.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "google/protobuf/util/time_util.h"
#include "libs/common/error.h"
#include "libs/rpc/status.h"

namespace stem::clock_service {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kTokens[] =
    "operator-token-0001 OPERATOR ops\n"
    "academy-token-00001 ACADEMY 0123456749\n";

// A real server on a loopback port, called through a real channel.
class ClockServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    control_ = *clock::ClockControl::Create({*clock::ParseInstant("2019-01-01T00:00:00Z"), ""});
    authenticator_ = *rpc::TokenFileAuthenticator::Parse(kTokens);
    service_ = std::make_unique<ClockServiceImpl>(*control_, *authenticator_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = clock::v1::ClockService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  absl::Status Advance(const std::string& token, const clock::v1::AdvanceClockRequest& request,
                       clock::v1::AdvanceClockResponse* response) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return rpc::FromGrpcStatus(stub_->AdvanceClock(&context, request, response));
  }

  static clock::v1::AdvanceClockRequest To(const std::string& instant) {
    clock::v1::AdvanceClockRequest request;
    *request.mutable_to() =
        TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(*clock::ParseInstant(instant)));
    return request;
  }

  std::unique_ptr<clock::ClockControl> control_;
  std::unique_ptr<rpc::TokenFileAuthenticator> authenticator_;
  std::unique_ptr<ClockServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<clock::v1::ClockService::Stub> stub_;
};

TEST_F(ClockServiceTest, OperatorMovesTheClockForward) {
  clock::v1::AdvanceClockResponse response;
  ASSERT_TRUE(Advance("operator-token-0001", To("2019-03-12T14:00:00Z"), &response).ok());
  EXPECT_EQ(response.local_date(), "2019-03-12");
  EXPECT_EQ(control_->clock().Now(), *clock::ParseInstant("2019-03-12T14:00:00Z"));

  clock::v1::AdvanceClockRequest by;
  by.mutable_by()->set_seconds(36 * 3600);
  ASSERT_TRUE(Advance("operator-token-0001", by, &response).ok());
  EXPECT_EQ(response.local_date(), "2019-03-14");

  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer academy-token-00001");
  clock::v1::GetTimeResponse time;
  ASSERT_TRUE(stub_->GetTime(&context, {}, &time).ok());
  EXPECT_EQ(time.mode(), clock::v1::CLOCK_MODE_MANUAL);
  EXPECT_EQ(time.local_date(), "2019-03-14");
}

TEST_F(ClockServiceTest, RefusesToGoBackAndSaysWhy) {
  clock::v1::AdvanceClockResponse response;
  ASSERT_TRUE(Advance("operator-token-0001", To("2019-06-01T00:00:00Z"), &response).ok());
  absl::Status back = Advance("operator-token-0001", To("2019-05-01T00:00:00Z"), &response);
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(back), "CLOCK_BACKWARDS");
  EXPECT_EQ(control_->clock().Now(), *clock::ParseInstant("2019-06-01T00:00:00Z"));

  absl::Status empty = Advance("operator-token-0001", {}, &response);
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(empty), "CLOCK_TARGET_MISSING");
}

TEST_F(ClockServiceTest, OnlyAnOperatorMayMoveIt) {
  clock::v1::AdvanceClockResponse response;
  absl::Status anonymous = Advance("", To("2019-02-01T00:00:00Z"), &response);
  EXPECT_EQ(anonymous.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ReasonOf(anonymous), "IDENTITY_MISSING");

  absl::Status unknown = Advance("guessed-token", To("2019-02-01T00:00:00Z"), &response);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ReasonOf(unknown), "IDENTITY_UNKNOWN");

  absl::Status academy = Advance("academy-token-00001", To("2019-02-01T00:00:00Z"), &response);
  EXPECT_EQ(academy.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(academy), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(control_->clock().Now(), *clock::ParseInstant("2019-01-01T00:00:00Z"));
}

TEST_F(ClockServiceTest, RefusesInstantsAndDurationsOutsideTheSuitesDates) {
  clock::v1::AdvanceClockResponse response;
  const auto refused = [&](const clock::v1::AdvanceClockRequest& request) {
    absl::Status status = Advance("operator-token-0001", request, &response);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << request.ShortDebugString();
    return ReasonOf(status);
  };
  clock::v1::AdvanceClockRequest bad_nanos;
  bad_nanos.mutable_to()->set_seconds(1600000000);
  bad_nanos.mutable_to()->set_nanos(2000000000);
  EXPECT_EQ(refused(bad_nanos), "CLOCK_RANGE");
  clock::v1::AdvanceClockRequest year_9999;
  year_9999.mutable_to()->set_seconds(253402300799);
  EXPECT_EQ(refused(year_9999), "CLOCK_RANGE");
  clock::v1::AdvanceClockRequest beyond_timestamps;
  beyond_timestamps.mutable_to()->set_seconds(INT64_MAX);
  EXPECT_EQ(refused(beyond_timestamps), "CLOCK_RANGE");
  clock::v1::AdvanceClockRequest year_2100;
  year_2100.mutable_to()->set_seconds(4102444800);  // 2100-01-01T00:00:00Z
  EXPECT_EQ(refused(year_2100), "CLOCK_RANGE");
  clock::v1::AdvanceClockRequest overflowing;
  overflowing.mutable_by()->set_seconds(INT64_MAX);
  EXPECT_EQ(refused(overflowing), "CLOCK_RANGE");
  clock::v1::AdvanceClockRequest ten_thousand_years;
  ten_thousand_years.mutable_by()->set_seconds(315576000000);
  EXPECT_EQ(refused(ten_thousand_years), "CLOCK_RANGE");
  clock::v1::AdvanceClockRequest mixed_signs;
  mixed_signs.mutable_by()->set_seconds(10);
  mixed_signs.mutable_by()->set_nanos(-5);
  EXPECT_EQ(refused(mixed_signs), "CLOCK_RANGE");
  clock::v1::AdvanceClockRequest twenty_years;
  twenty_years.mutable_by()->set_seconds(int64_t{20} * 366 * 86400);
  EXPECT_EQ(refused(twenty_years), "CLOCK_RANGE");
  EXPECT_EQ(control_->clock().Now(), *clock::ParseInstant("2019-01-01T00:00:00Z"));
}

TEST_F(ClockServiceTest, RefusesTwoAuthorizationHeaders) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer operator-token-0001");
  context.AddMetadata("authorization", "Bearer academy-token-00001");
  clock::v1::AdvanceClockResponse response;
  absl::Status status =
      rpc::FromGrpcStatus(stub_->AdvanceClock(&context, To("2019-02-01T00:00:00Z"), &response));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ReasonOf(status), "IDENTITY_AMBIGUOUS");
  EXPECT_EQ(control_->clock().Now(), *clock::ParseInstant("2019-01-01T00:00:00Z"));
}

TEST(SystemClockModeTest, CannotBeMoved) {
  auto control = *clock::ClockControl::Create({});
  EXPECT_FALSE(control->manual());
  absl::Status status = control->AdvanceBy(absl::Hours(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "CLOCK_NOT_MANUAL");
}

}  // namespace
}  // namespace stem::clock_service
