// A server stream shown message by message: the audit's progress and its report.
#include "tools/cli/stream_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "stem/audit/v1/audit_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

audit::v1::ReplayAuditResponse ProgressMessage(const std::string& stage, int64_t done,
                                               int64_t total) {
  audit::v1::ReplayAuditResponse response;
  response.mutable_progress()->set_stage(stage);
  response.mutable_progress()->set_done(done);
  response.mutable_progress()->set_total(total);
  return response;
}

audit::v1::ReplayAuditResponse ReportMessage() {
  audit::v1::ReplayAuditResponse response;
  auto* report = response.mutable_report();
  report->set_passed(true);
  report->set_facts_read(1200);
  auto* projection = report->add_projections();
  projection->set_name("recognition");
  projection->set_live_checksum("ab12");
  projection->set_rebuilt_checksum("ab12");
  projection->set_equal(true);
  projection->set_facts_applied(40);
  return response;
}

TEST(ProgressOfTest, FindsDoneAndTotalInTheMessageOrTheOneofMemberItSets) {
  const std::optional<Progress> progress = ProgressOf(ProgressMessage("read", 450, 1000));
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ(progress->stage, "read");
  EXPECT_EQ(progress->done, 450);
  EXPECT_EQ(progress->total, 1000);
  EXPECT_TRUE(ProgressOf(ProgressMessage("read", 1, 2).progress()).has_value());
  EXPECT_FALSE(ProgressOf(ReportMessage()).has_value());
  EXPECT_FALSE(ProgressOf(recognition::v1::GetAcademyResponse()).has_value());
}

TEST(StreamPrinterTest, TableProgressGoesToStderrAsLinesTheReportToStdout) {
  std::ostringstream out;
  std::ostringstream err;
  StreamPrinter printer(OutputFormat::kTable, out, err, /*err_is_terminal=*/false);
  printer.Print(ProgressMessage("read", 500, 1200));
  printer.Print(ProgressMessage("read", 1200, 1200));
  printer.Print(ProgressMessage("projections", 1, 4));
  printer.Print(ReportMessage());
  printer.Finish();
  EXPECT_EQ(err.str(), "read: 500/1200\nread: 1200/1200\nprojections: 1/4\n");
  // The report itself, not its oneof wrapper: its projections are a table.
  EXPECT_EQ(out.str(),
            "passed: true\n"
            "facts_read: 1200\n"
            "aggregates_verified: 0\n"
            "\n"
            "NAME         LIVE_CHECKSUM  REBUILT_CHECKSUM  EQUAL  FACTS_APPLIED  FACTS_SET_ASIDE\n"
            "recognition  ab12           ab12              true   40             0\n");
  EXPECT_EQ(printer.results(), 1);
}

TEST(StreamPrinterTest, SeveralResultsAreSeparatedByABlankLine) {
  std::ostringstream out;
  std::ostringstream err;
  StreamPrinter printer(OutputFormat::kTable, out, err, false);
  recognition::v1::GetRecognitionStatusResponse status;
  status.set_recognised(true);
  printer.Print(status);
  printer.Print(status);
  EXPECT_EQ(out.str(), "recognised: true\n\nrecognised: true\n");
  EXPECT_EQ(err.str(), "");
}

TEST(StreamPrinterTest, JsonIsOneLinePerMessageProgressIncluded) {
  std::ostringstream out;
  std::ostringstream err;
  StreamPrinter printer(OutputFormat::kJson, out, err, false);
  printer.Print(ProgressMessage("read", 5, 10));
  printer.Print(ReportMessage());
  printer.Finish();
  std::istringstream lines(out.str());
  std::string first;
  std::string second;
  std::string third;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_FALSE(std::getline(lines, third));
  EXPECT_THAT(first, StartsWith("{\"progress\":{\"stage\":\"read\",\"done\":\"5\""));
  EXPECT_THAT(second, StartsWith("{\"report\":{\"passed\":true"));
  EXPECT_EQ(err.str(), "");  // not a terminal: no bar
}

TEST(StreamPrinterTest, OnATerminalProgressIsABarRedrawnInPlace) {
  std::ostringstream out;
  std::ostringstream err;
  StreamPrinter printer(OutputFormat::kTable, out, err, /*err_is_terminal=*/true);
  printer.Print(ProgressMessage("read", 0, 4));
  printer.Print(ProgressMessage("read", 4, 4));
  printer.Print(ProgressMessage("chains", 2, 2));
  printer.Print(ReportMessage());
  const std::string bars = err.str();
  EXPECT_THAT(bars, StartsWith("\rread [..............................]   0% 0/4"));
  EXPECT_THAT(bars, HasSubstr("\rread [##############################] 100% 4/4\n"));
  EXPECT_THAT(bars, HasSubstr("\rchains [##############################] 100% 2/2\n"));
  EXPECT_THAT(out.str(), StartsWith("passed: true\n"));
  EXPECT_THAT(out.str(), Not(HasSubstr("\r")));
}

TEST(StreamPrinterTest, AReportThatDidNotPassIsAFailedVerdict) {
  std::ostringstream out, err;
  StreamPrinter printer(OutputFormat::kTable, out, err, /*err_is_terminal=*/false);
  printer.Print(ProgressMessage("read", 1, 2));
  printer.Print(ReportMessage());
  EXPECT_EQ(printer.failed_verdicts(), 0);
  audit::v1::ReplayAuditResponse failed = ReportMessage();
  failed.mutable_report()->set_passed(false);
  EXPECT_TRUE(IsFailedVerdict(failed));
  EXPECT_FALSE(IsFailedVerdict(ProgressMessage("read", 1, 2)));
  printer.Print(failed);
  EXPECT_EQ(printer.failed_verdicts(), 1);
}

}  // namespace
}  // namespace stem::cli
