#include "tools/cli/import_input.h"

#include <gtest/gtest.h>

#include "stem/activity/v1/activity_service.pb.h"

namespace stem::cli {
namespace {

using activity::v1::ImportCommandsRequest;

const ImportCommandsRequest& Item(const std::vector<ImportItem>& items, size_t i) {
  return static_cast<const ImportCommandsRequest&>(*items.at(i).request);
}

TEST(CsvRecordsTest, QuotedCellsHoldCommasQuotesAndLineBreaks) {
  auto records = ParseCsvRecords("a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\n4,\"two\nlines\",\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].cells, (std::vector<std::string>{"1", "x, \"y\"", "3"}));
  EXPECT_EQ((*records)[1].line, 2);
  EXPECT_EQ((*records)[2].cells, (std::vector<std::string>{"4", "two\nlines", ""}));
  EXPECT_EQ((*records)[2].line, 4);
}

TEST(CsvRecordsTest, MalformedQuotingIsRefused) {
  EXPECT_FALSE(ParseCsvRecords("a\n\"never closed\n").ok());
  EXPECT_FALSE(ParseCsvRecords("a\n\"closed\"then text\n").ok());
}

TEST(ImportInputTest, CsvRowsBecomeItemsThroughTheCommandsFlags) {
  auto items = ParseCsvItems(
      "report-attendance.activity-id,report-attendance.session-id,report-attendance.counts\n"
      "act-1,s1,\"[{\"\"age\"\":9,\"\"participants\"\":12},{\"\"age\"\":10,\"\"participants\"\":3}]"
      "\"\n"
      "act-1,s2,\"{\"\"age\"\":9,\"\"participants\"\":4}\"\n",
      ImportCommandsRequest());
  ASSERT_TRUE(items.ok()) << items.status();
  ASSERT_EQ(items->size(), 2u);
  const auto& first = Item(*items, 0).report_attendance();
  EXPECT_EQ(first.activity_id(), "act-1");
  EXPECT_EQ(first.session_id(), "s1");
  ASSERT_EQ(first.counts_size(), 2);
  EXPECT_EQ(first.counts(1).participants(), 3);
  EXPECT_EQ((*items)[1].line, 3);
  EXPECT_EQ(Item(*items, 1).report_attendance().counts_size(), 1);
}

TEST(ImportInputTest, ABadRowNamesItsLineAndNothingIsReturned) {
  auto unknown = ParseCsvItems("report-attendance.no-such-field\nx\n", ImportCommandsRequest());
  EXPECT_FALSE(unknown.ok());
  auto short_row = ParseCsvItems(
      "report-attendance.activity-id,report-attendance.session-id\n"
      "act-1,s1\nact-2\n",
      ImportCommandsRequest());
  ASSERT_FALSE(short_row.ok());
  EXPECT_NE(short_row.status().message().find("line 3"), std::string_view::npos);
  auto json = ParseJsonLines("{\"reportAttendance\":{\"activityId\":\"a\"}}\n\n{oops}\n",
                             ImportCommandsRequest());
  ASSERT_FALSE(json.ok());
  EXPECT_NE(json.status().message().find("line 3"), std::string_view::npos);
}

TEST(ImportInputTest, DerivedRequestIdsDependOnContentNotOnPlace) {
  const std::string a = "{\"reportAttendance\":{\"activityId\":\"a\",\"sessionId\":\"s1\"}}\n";
  const std::string b = "{\"reportAttendance\":{\"activityId\":\"b\",\"sessionId\":\"s1\"}}\n";
  const std::string named =
      "{\"reportAttendance\":{\"requestId\":\"mine\",\"activityId\":\"c\"}}\n";
  auto first = ParseJsonLines(a + b + a + named, ImportCommandsRequest());
  auto moved = ParseJsonLines(b + "\n" + a + a, ImportCommandsRequest());
  ASSERT_TRUE(first.ok() && moved.ok());
  DeriveRequestIds(*first);
  DeriveRequestIds(*moved);
  auto id = [](const std::vector<ImportItem>& items, size_t i) {
    return Item(items, i).report_attendance().request_id();
  };
  EXPECT_EQ(id(*first, 0).rfind("import-", 0), 0u);
  EXPECT_NE(id(*first, 0), id(*first, 1));
  // The second identical item is another command, with an id of its own.
  EXPECT_NE(id(*first, 0), id(*first, 2));
  EXPECT_EQ(id(*first, 3), "mine");
  // The same items in another place of the file keep their ids.
  EXPECT_EQ(id(*moved, 0), id(*first, 1));
  EXPECT_EQ(id(*moved, 1), id(*first, 0));
  EXPECT_EQ(id(*moved, 2), id(*first, 2));
}

}  // namespace
}  // namespace stem::cli
