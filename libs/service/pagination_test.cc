#include "libs/service/pagination.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::service {
namespace {

TEST(PaginationTest, TokensRoundTrip) {
  EXPECT_EQ(*DecodePageToken(EncodePageToken("0123456749")), "0123456749");
  EXPECT_EQ(*DecodePageToken(""), "");
  EXPECT_EQ(ReasonOf(DecodePageToken("not-a-token").status()), "PAGE_TOKEN_INVALID");
}

TEST(PaginationTest, PageSizes) {
  EXPECT_EQ(*PageSize(0), kDefaultPageSize);
  EXPECT_EQ(*PageSize(500), 500);
  EXPECT_EQ(ReasonOf(PageSize(501).status()), "PAGE_SIZE_INVALID");
  EXPECT_EQ(ReasonOf(PageSize(-1).status()), "PAGE_SIZE_INVALID");
}

}  // namespace
}  // namespace stem::service
