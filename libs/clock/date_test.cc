#include "libs/clock/date.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::clock {
namespace {

std::string ReasonOfParse(std::string_view text) { return ReasonOf(ParseDate(text).status()); }

TEST(ParseDateTest, AcceptsTenCharacterDatesInTheRange) {
  auto day = ParseDate("2019-03-12");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, absl::CivilDay(2019, 3, 12));
  EXPECT_TRUE(ParseDate("2000-01-01").ok());
  EXPECT_TRUE(ParseDate("2099-12-31").ok());
  EXPECT_TRUE(ParseDate("2020-02-29").ok());
}

TEST(ParseDateTest, RefusesWellFormedDatesOutsideTheRange) {
  for (const char* text :
       {"0999-06-01", "0001-01-01", "0000-01-01", "1999-12-31", "2100-01-01", "9999-12-31"}) {
    auto day = ParseDate(text);
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(ReasonOf(day.status()), "DATE_OUT_OF_RANGE") << text;
  }
}

TEST(ParseDateTest, RefusesEverythingThatIsNotExactlyYyyyMmDd) {
  for (const char* text :
       {"", "999-06-01", "2019-3-12", "2019-03-1", "12/03/2019", "2019-03-12T00:00", "+2019-03-12",
        "-019-03-12", "2019-02-29", "2019-02-30", "2019-13-01", "2019-00-10", "2019-01-00",
        "2019-04-31", " 2019-03-12", "2019-03-12 ", "2019_03_12", "２０19-03-12"}) {
    EXPECT_EQ(ReasonOfParse(text), "DATE_INVALID") << text;
  }
}

TEST(ParseDateTest, QuotesAtMostSixtyFourCharactersOfTheInput) {
  const std::string long_text(5000, 'x');
  absl::Status status = ParseDate(long_text).status();
  EXPECT_LT(status.message().size(), 200u);
  absl::Status escape = ParseDate("\x1b[2J").status();
  EXPECT_EQ(std::string(escape.message()).find('\x1b'), std::string::npos);
}

TEST(FormatDateTest, WritesTenCharactersAndRoundTrips) {
  for (absl::CivilDay day = FirstDate(); day <= LastDate(); day += 397) {
    const std::string text = FormatDate(day);
    ASSERT_EQ(text.size(), 10u) << text;
    auto parsed = ParseDate(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(*parsed, day);
  }
  EXPECT_EQ(FormatDate(LastDate()), "2099-12-31");
}

TEST(FormatDateTest, OutOfRangeDaysNeverParseAsAnotherDay) {
  EXPECT_EQ(FormatDate(absl::CivilDay(999, 6, 1)), "0999-06-01");
  for (absl::CivilDay day :
       {absl::CivilDay(999, 6, 1), absl::CivilDay(1, 1, 1), absl::CivilDay(0, 1, 1),
        absl::CivilDay(-5, 1, 1), absl::CivilDay(2100, 1, 1), absl::CivilDay(12019, 1, 1)}) {
    EXPECT_FALSE(ParseDate(FormatDate(day)).ok()) << FormatDate(day);
    EXPECT_EQ(ReasonOf(CheckDateInRange(day, "the end")), "DATE_OUT_OF_RANGE");
  }
  EXPECT_TRUE(CheckDateInRange(absl::CivilDay(2050, 6, 1), "the end").ok());
}

TEST(ParseStoredDateTest, IsDataLossWithContext) {
  auto day = ParseStoredDate("0999-06-01", "session s1 of activity act-1");
  EXPECT_EQ(day.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(day.status().message()).find("session s1 of activity act-1"),
            std::string::npos);
  EXPECT_TRUE(ParseStoredDate("2019-03-12", "x").ok());
}

}  // namespace
}  // namespace stem::clock
