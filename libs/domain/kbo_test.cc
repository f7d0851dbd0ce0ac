#include "libs/domain/kbo.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem::domain {
namespace {

// The rulebook's example number in its three written forms.
TEST(KboTest, AcceptsTheThreeWrittenForms) {
  EXPECT_EQ(*NormalizeKbo("0123.456.749"), "0123456749");
  EXPECT_EQ(*NormalizeKbo("0123456749"), "0123456749");
  EXPECT_EQ(*NormalizeKbo("BE0123456749"), "0123456749");
}

TEST(KboTest, AcceptsNumbersStartingWithOne) {
  // 10000000 mod 97 = 76, 97 - 76 = 21.
  EXPECT_EQ(*NormalizeKbo("1000.000.021"), "1000000021");
}

TEST(KboTest, RejectsWrongCheckDigits) {
  for (const char* bad : {"0123456748", "0123.456.750", "BE0123456700"}) {
    auto result = NormalizeKbo(bad);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ReasonOf(result.status()), "KBO_INVALID") << bad;
  }
}

TEST(KboTest, RejectsOtherForms) {
  for (const char* bad : {"", "123456749", "01234567490", "0123 456 749", "0123-456-749",
                          "be0123456749", "BE 0123456749", "BE0123.456.749", "012.3456.749",
                          "2123456749", "0123456a49", " 0123456749"}) {
    EXPECT_EQ(ReasonOf(NormalizeKbo(bad).status()), "KBO_INVALID") << "'" << bad << "'";
  }
}

TEST(KboTest, CheckDigitsOfEveryRemainder) {
  // Every remainder 0..96 of the first eight digits has exactly one valid check number.
  for (int base = 100000; base < 100097; ++base) {
    std::string first_eight = "0" + std::to_string(base) + "0";  // 8 digits
    int check = 97 - std::stoi(first_eight) % 97;
    auto two_digits = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    EXPECT_TRUE(NormalizeKbo(first_eight + two_digits(check)).ok()) << first_eight;
    EXPECT_FALSE(NormalizeKbo(first_eight + two_digits((check + 1) % 100)).ok()) << first_eight;
  }
}

TEST(KboTest, FormatsForPeople) { EXPECT_EQ(FormatKbo("0123456749"), "0123.456.749"); }

}  // namespace
}  // namespace stem::domain
