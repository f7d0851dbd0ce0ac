#include "libs/domain/recognition_rules.h"

#include <gtest/gtest.h>

namespace stem::domain {
namespace {

using D = absl::CivilDay;

TEST(GrantValidUntilTest, DayBeforeTheAnniversary) {
  EXPECT_EQ(GrantValidUntil(D(2019, 3, 12), kProvisionalYears), D(2020, 3, 11));
  EXPECT_EQ(GrantValidUntil(D(2019, 3, 12), kFullYears), D(2022, 3, 11));
  // 1 March in a leap year: the anniversary is 1 March, so the last day is 29 February.
  EXPECT_EQ(GrantValidUntil(D(2019, 3, 1), kProvisionalYears), D(2020, 2, 29));
  EXPECT_EQ(GrantValidUntil(D(2019, 1, 1), kProvisionalYears), D(2019, 12, 31));
}

TEST(GrantValidUntilTest, TwentyNinthOfFebruaryCountsAsTwentyEighth) {
  EXPECT_EQ(GrantValidUntil(D(2020, 2, 29), kProvisionalYears), D(2021, 2, 27));
  EXPECT_EQ(GrantValidUntil(D(2020, 2, 29), kFullYears), D(2023, 2, 27));
  // Even when the anniversary year is a leap year again.
  EXPECT_EQ(GrantValidUntil(D(2020, 2, 29), 4), D(2024, 2, 27));
}

TEST(RecognitionOnTest, GrantCoversItsDaysOnly) {
  RecognitionHistory history{{{D(2019, 1, 15), D(2020, 1, 14), 2}}, {}};
  EXPECT_EQ(RecognitionOn(history, D(2019, 1, 14)).because, NotRecognisedBecause::kNotYetValid);
  EXPECT_TRUE(RecognitionOn(history, D(2019, 1, 15)).recognised());
  EXPECT_TRUE(RecognitionOn(history, D(2020, 1, 14)).recognised());
  EXPECT_EQ(RecognitionOn(history, D(2020, 1, 15)).because, NotRecognisedBecause::kExpired);
  EXPECT_EQ(RecognitionOn({}, D(2019, 6, 1)).because, NotRecognisedBecause::kNeverGranted);
}

TEST(RecognitionOnTest, RevocationEndsEarlierGrantsFromItsDate) {
  RecognitionHistory history{{{D(2019, 1, 15), D(2020, 1, 14), 2}}, {{D(2019, 6, 1), 3}}};
  EXPECT_TRUE(RecognitionOn(history, D(2019, 5, 31)).recognised());
  EXPECT_EQ(RecognitionOn(history, D(2019, 6, 1)).because, NotRecognisedBecause::kRevoked);
  EXPECT_EQ(RevokedFrom(history, history.grants[0]), D(2019, 6, 1));
}

TEST(RecognitionOnTest, AGrantDecidedAfterARevocationStands) {
  // Revoked from 1 June (decided at version 3), granted again on 1 September (version 5).
  RecognitionHistory history{
      {{D(2019, 1, 15), D(2020, 1, 14), 2}, {D(2019, 9, 1), D(2022, 8, 31), 5}},
      {{D(2019, 6, 1), 3}}};
  EXPECT_EQ(RecognitionOn(history, D(2019, 7, 1)).because, NotRecognisedBecause::kRevoked);
  auto september = RecognitionOn(history, D(2019, 9, 1));
  ASSERT_TRUE(september.recognised());
  EXPECT_EQ(september.grant->decided_at, 5);
  EXPECT_FALSE(RevokedFrom(history, history.grants[1]));
}

TEST(RecognitionOnTest, RetroactiveRevocationDecidedLater) {
  // A revocation decided later but effective before the grant started still ends it.
  RecognitionHistory history{{{D(2019, 3, 1), D(2020, 2, 29), 2}}, {{D(2019, 1, 1), 4}}};
  EXPECT_EQ(RecognitionOn(history, D(2019, 3, 1)).because, NotRecognisedBecause::kRevoked);
}

TEST(RecognisedUntilTest, FollowsRenewalsAndStopsAtRevocations) {
  RecognitionHistory history{
      {{D(2019, 1, 15), D(2020, 1, 14), 2}, {D(2019, 12, 1), D(2022, 11, 30), 4}}, {}};
  EXPECT_EQ(RecognisedUntil(history, D(2019, 6, 1)), D(2022, 11, 30));
  EXPECT_EQ(RecognisedUntil(history, D(2019, 1, 1)), std::nullopt);
  history.revocations.push_back({D(2021, 3, 1), 6});
  EXPECT_EQ(RecognisedUntil(history, D(2019, 6, 1)), D(2021, 2, 28));
}

TEST(RecognisedOnOrBeforeTest, AnyRecognisedDayUpToTheDateCounts) {
  RecognitionHistory history{{{D(2019, 1, 15), D(2020, 1, 14), 2}}, {{D(2019, 6, 1), 3}}};
  EXPECT_FALSE(RecognisedOnOrBefore(history, D(2019, 1, 14)));
  EXPECT_TRUE(RecognisedOnOrBefore(history, D(2019, 1, 15)));
  // Revoked since, recognised before: it counts (section 6, "recognised now or before").
  EXPECT_TRUE(RecognisedOnOrBefore(history, D(2021, 1, 1)));
  // A grant revoked from before its first day never counted.
  RecognitionHistory undone{{{D(2019, 3, 1), D(2020, 2, 29), 2}}, {{D(2019, 1, 1), 4}}};
  EXPECT_FALSE(RecognisedOnOrBefore(undone, D(2021, 1, 1)));
  EXPECT_FALSE(RecognisedOnOrBefore({}, D(2021, 1, 1)));
}

}  // namespace
}  // namespace stem::domain
