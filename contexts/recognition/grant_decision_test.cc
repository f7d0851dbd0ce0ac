#include "contexts/recognition/grant_decision.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::recognition {
namespace {

TEST(GrantDecisionTest, AProvisionalGrantRunsOneYearFromTheDecision) {
  auto terms =
      DecideGrantTerms(v1::RECOGNITION_KIND_PROVISIONAL, false, absl::CivilDay(2019, 3, 12));
  ASSERT_TRUE(terms.ok()) << terms.status();
  EXPECT_EQ(terms->valid_from, absl::CivilDay(2019, 3, 12));
  EXPECT_EQ(terms->valid_until, absl::CivilDay(2020, 3, 11));
}

TEST(GrantDecisionTest, AFullGrantRunsThreeYearsAndNeedsAnEarlierOne) {
  auto terms = DecideGrantTerms(v1::RECOGNITION_KIND_FULL, true, absl::CivilDay(2020, 2, 29));
  ASSERT_TRUE(terms.ok()) << terms.status();
  EXPECT_EQ(terms->valid_until, absl::CivilDay(2023, 2, 27));
  auto refused = DecideGrantTerms(v1::RECOGNITION_KIND_FULL, false, absl::CivilDay(2020, 3, 1));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), "NEVER_RECOGNISED");
}

TEST(GrantDecisionTest, AGrantNamesItsKind) {
  auto refused =
      DecideGrantTerms(v1::RECOGNITION_KIND_UNSPECIFIED, true, absl::CivilDay(2020, 3, 1));
  EXPECT_EQ(ReasonOf(refused.status()), "KIND_MISSING");
}

}  // namespace
}  // namespace stem::recognition
