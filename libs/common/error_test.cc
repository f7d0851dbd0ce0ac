#include "libs/common/error.h"

#include <gtest/gtest.h>

namespace stem {
namespace {

TEST(ErrorTest, CarriesCodeReasonAndMessage) {
  absl::Status status =
      MakeError(absl::StatusCode::kInvalidArgument, "KBO_INVALID", "check digits do not match");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "check digits do not match");
  EXPECT_EQ(ReasonOf(status), "KBO_INVALID");
}

TEST(ErrorTest, PlainStatusHasNoReason) {
  EXPECT_EQ(ReasonOf(absl::NotFoundError("x")), "");
  EXPECT_EQ(ReasonOf(absl::OkStatus()), "");
}

TEST(ErrorTest, DescribeErrorLeadsWithTheReasonForAnOperatorToSearch) {
  EXPECT_EQ(DescribeError(MakeError(absl::StatusCode::kDataLoss, "LOG_DAMAGED", "at byte 7")),
            "LOG_DAMAGED: at byte 7");
  EXPECT_EQ(DescribeError(absl::InternalError("plain")), "plain");
}

}  // namespace
}  // namespace stem
