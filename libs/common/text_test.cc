#include "libs/common/text.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"

namespace stem {
namespace {

std::string Reason(std::string_view text, TextKind kind) {
  return ReasonOf(CheckText(text, kind, "field"));
}

TEST(CheckTextTest, AcceptsOrdinaryTextInEveryKind) {
  for (TextKind kind :
       {TextKind::kIdentifier, TextKind::kName, TextKind::kEmail, TextKind::kNarrative}) {
    EXPECT_TRUE(CheckText("", kind, "f").ok());
    EXPECT_TRUE(CheckText("STEM-academie Sint-Niklaas", kind, "f").ok());
    EXPECT_TRUE(CheckText("Académie Liège – 日本語 👩‍🔬", kind, "f").ok());
  }
}

TEST(CheckTextTest, RefusesControlCharactersAndOverrides) {
  for (const char* text : {"a\x1b[2Jb", "a\nb", "a\tb", "a\rb", "a\x7f", "a\xc2\x85",
                           // Split so that the b does not extend the \xae escape: one entry.
                           "a\xe2\x80\xae"  // NOLINT(bugprone-suspicious-missing-comma)
                           "b",
                           "a\xe2\x81\xa6"}) {
    EXPECT_EQ(Reason(text, TextKind::kName), "TEXT_INVALID") << Quote(text);
  }
  EXPECT_EQ(Reason(std::string("a\0b", 3), TextKind::kName), "TEXT_INVALID");
}

TEST(CheckTextTest, NarrativesMayHoldNewlinesAndTabsOnly) {
  EXPECT_TRUE(CheckText("line one\n\tline two", TextKind::kNarrative, "f").ok());
  EXPECT_EQ(Reason("a\rb", TextKind::kNarrative), "TEXT_INVALID");
  EXPECT_EQ(Reason("a\x1b"
                   "b",
                   TextKind::kNarrative),
            "TEXT_INVALID");
  EXPECT_EQ(Reason("a\nb", TextKind::kIdentifier), "TEXT_INVALID");
}

TEST(CheckTextTest, RefusesInvalidUtf8) {
  for (const char* text : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                           "abc\xe2\x82", "\x80"}) {
    EXPECT_EQ(Reason(text, TextKind::kNarrative), "TEXT_INVALID") << Quote(text);
  }
}

TEST(CheckTextTest, CountsCharactersNotBytes) {
  EXPECT_TRUE(CheckText(std::string(200, 'a'), TextKind::kName, "f").ok());
  EXPECT_EQ(Reason(std::string(201, 'a'), TextKind::kName), "TEXT_INVALID");
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "é";
  EXPECT_TRUE(CheckText(accented, TextKind::kName, "f").ok());
  EXPECT_EQ(Reason(accented + "é", TextKind::kName), "TEXT_INVALID");
  EXPECT_EQ(MaxLength(TextKind::kIdentifier), 128u);
  EXPECT_EQ(MaxLength(TextKind::kEmail), 254u);
  EXPECT_EQ(MaxLength(TextKind::kNarrative), 4000u);
  EXPECT_EQ(Reason(std::string(4001, 'a'), TextKind::kNarrative), "TEXT_INVALID");
}

TEST(CheckTextTest, NamesTheFieldInTheMessage) {
  absl::Status status = CheckText("a\nb", TextKind::kName, "partners[3].kbo");
  EXPECT_NE(std::string(status.message()).find("partners[3].kbo"), std::string::npos);
}

TEST(QuoteTest, CutsAtSixtyFourCharactersAndEscapes) {
  EXPECT_EQ(Quote("abc"), "\"abc\"");
  EXPECT_EQ(Quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quote("\x1b[2J\n"), "\"\\x1b[2J\\n\"");
  EXPECT_EQ(Quote("a\xe2\x80\xae"
                  "b"),
            "\"a\\u202eb\"");
  EXPECT_EQ(Quote("\xff"), "\"\\xff\"");
  EXPECT_EQ(Quote(std::string(100, 'x')), "\"" + std::string(64, 'x') + "\"...");
  std::string accented;
  for (int i = 0; i < 70; ++i) accented += "é";
  EXPECT_EQ(CodePoints(Quote(accented)), 64u + 2 + 3);
}

TEST(EscapeForTerminalTest, KeepsPrintableTextAndEscapesTheRest) {
  EXPECT_EQ(EscapeForTerminal("Académie \"Liège\""), "Académie \"Liège\"");
  EXPECT_EQ(EscapeForTerminal("evil\x1b[2Jname"), "evil\\x1b[2Jname");
  EXPECT_EQ(EscapeForTerminal(std::string(300, 'x')).size(), 300u);
}

TEST(ScrubPathsTest, CutsAbsolutePathsToTheirLastPart) {
  EXPECT_EQ(ScrubPaths("IO error: No space left on device: While appending to file: "
                       "/tmp/stem-x/data/recognition/000012.log: No space left"),
            "IO error: No space left on device: While appending to file: .../000012.log: No "
            "space left");
  EXPECT_EQ(ScrubPaths("cannot open \"/var/lib/stem/log\" (/etc/stem/tokens)"),
            "cannot open \".../log\" (.../tokens)");
  EXPECT_EQ(ScrubPaths("stem.recognition.events/0 at 5 of 7, 3 / 4 and/or"),
            "stem.recognition.events/0 at 5 of 7, 3 / 4 and/or");
  EXPECT_EQ(ScrubPaths(""), "");
}

}  // namespace
}  // namespace stem
