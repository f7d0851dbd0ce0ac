// The JSON lines of the process's log: every field escaped, whatever bytes a caller sent.
#include "libs/common/log.h"

#include <gtest/gtest.h>

namespace stem::log {
namespace {

TEST(LogTest, ALineIsOneJsonObjectWithItsFields) {
  EXPECT_EQ(FormatLine(Level::kInfo, "rpc", {{"method", "Submit"}, {"code", 0}, {"ok", true}}),
            "\"level\":\"info\",\"message\":\"rpc\",\"method\":\"Submit\",\"code\":0,\"ok\":true");
  EXPECT_EQ(FormatLine(Level::kWarning, "m", {{"seconds", 0.25}}),
            "\"level\":\"warning\",\"message\":\"m\",\"seconds\":0.25");
}

TEST(LogTest, TextCannotBreakTheLineOrForgeAField) {
  EXPECT_EQ(JsonString("a\"b\\c\nd\re\x01"), "\"a\\\"b\\\\c\\nd\\u000de\\u0001\"");
  // Valid UTF-8 stays; bytes that are not UTF-8 become U+FFFD.
  EXPECT_EQ(JsonString("Brussel \xc3\xa9t\xc3\xa9"), "\"Brussel \xc3\xa9t\xc3\xa9\"");
  EXPECT_EQ(JsonString("\xff\xc3"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonString("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate
  EXPECT_EQ(JsonString("\xc0\xaf"), "\"\\ufffd\\ufffd\"");             // an overlong '/'
}

TEST(LogTest, LevelsFilterAndParse) {
  ASSERT_TRUE(ParseLevel("warning").ok());
  EXPECT_FALSE(ParseLevel("loud").ok());
  SetLevel(Level::kWarning);
  EXPECT_FALSE(Enabled(Level::kInfo));
  EXPECT_TRUE(Enabled(Level::kError));
  SetLevel(Level::kInfo);
  EXPECT_TRUE(Enabled(Level::kInfo));
}

}  // namespace
}  // namespace stem::log
