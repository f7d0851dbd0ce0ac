// Responses of the suite rendered for people (tables, key: value lines) and for scripts
// (protobuf JSON with every field).
#include "tools/cli/output.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "stem/audit/v1/audit_service.pb.h"
#include "stem/clock/v1/clock_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"
#include "tools/cli/field_text.h"

namespace stem::cli {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using ::testing::Not;

recognition::v1::ListRecognisedAcademiesResponse Register() {
  recognition::v1::ListRecognisedAcademiesResponse response;
  auto* antwerpen = response.add_academies();
  antwerpen->set_kbo("0123456749");
  antwerpen->set_name("STEM-academie Antwerpen");
  antwerpen->set_kind(recognition::v1::RECOGNITION_KIND_PROVISIONAL);
  antwerpen->set_valid_until("2020-01-06");
  antwerpen->add_municipality_nis_codes("11002");
  antwerpen->add_municipality_nis_codes("11007");
  auto* gent = response.add_academies();
  gent->set_kbo("0200000043");
  gent->set_name("Gent STEM");
  gent->set_kind(recognition::v1::RECOGNITION_KIND_FULL);
  gent->set_valid_until("2022-03-01");
  gent->add_municipality_nis_codes("44021");
  return response;
}

recognition::v1::GetAcademyResponse Academy() {
  recognition::v1::GetAcademyResponse response;
  auto* academy = response.mutable_academy();
  academy->set_kbo("0123456749");
  academy->set_name("STEM-academie Antwerpen");
  academy->add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  academy->add_domains(common::v1::STEM_DOMAIN_DIGITAL);
  academy->mutable_ages()->set_min_age(8);
  academy->mutable_ages()->set_max_age(14);
  academy->add_municipality_nis_codes("11002");
  academy->add_municipality_nis_codes("11007");
  auto* grant = academy->add_grants();
  grant->set_application_id("0123456749-1");
  grant->set_kind(recognition::v1::RECOGNITION_KIND_PROVISIONAL);
  grant->set_valid_from("2019-01-07");
  grant->set_valid_until("2020-01-06");
  grant->set_decided_at_version(2);
  academy->set_version(2);
  return response;
}

TEST(RenderTableTest, ARepeatedMessageFieldIsATableWithAlignedColumns) {
  auto response = Register();
  response.set_next_page_token("abc");
  EXPECT_EQ(
      RenderTable(response),
      "KBO         NAME                     KIND         VALID_UNTIL  MUNICIPALITY_NIS_CODES\n"
      "0123456749  STEM-academie Antwerpen  PROVISIONAL  2020-01-06   11002,11007\n"
      "0200000043  Gent STEM                FULL         2022-03-01   44021\n"
      "(more: add --page-token abc)\n");
}

TEST(RenderTableTest, AnEmptyListSaysSo) {
  EXPECT_EQ(RenderTable(recognition::v1::ListRecognisedAcademiesResponse()), "(no academies)\n");
}

TEST(RenderTableTest, ColumnsEmptyInEveryRowAreLeftOutAndLongCellsCut) {
  recognition::v1::ListRecognisedAcademiesResponse response;
  auto* entry = response.add_academies();
  entry->set_kbo("0123456749");
  entry->set_name(std::string(60, 'x'));
  const std::string table = RenderTable(response);
  EXPECT_EQ(table, "KBO         NAME\n0123456749  " + std::string(45, 'x') + "...\n");
}

TEST(RenderTableTest, ANestedMessageIsIndentedKeyValueLinesWithListItems) {
  EXPECT_EQ(RenderTable(Academy()),
            "academy:\n"
            "  kbo: 0123456749\n"
            "  name: STEM-academie Antwerpen\n"
            "  domains: SCIENCE, DIGITAL\n"
            "  ages:\n"
            "    min_age: 8\n"
            "    max_age: 14\n"
            "  municipality_nis_codes: 11002, 11007\n"
            "  grants:\n"
            "    - application_id: 0123456749-1\n"
            "      kind: PROVISIONAL\n"
            "      valid_from: 2019-01-07\n"
            "      valid_until: 2020-01-06\n"
            "      decided_at_version: 2\n"
            "  version: 2\n");
}

TEST(RenderTableTest, ShowsFalseAndZeroButNotEmptyOrUnspecifiedValues) {
  recognition::v1::GetRecognitionStatusResponse status;
  status.set_date("2019-03-12");
  status.set_not_recognised_because("NEVER_GRANTED");
  EXPECT_EQ(RenderTable(status),
            "recognised: false\ndate: 2019-03-12\nnot_recognised_because: NEVER_GRANTED\n");
  recognition::v1::RegisterEntry entry;  // kind UNSPECIFIED, every string empty
  entry.set_kbo("0123456749");
  EXPECT_EQ(RenderTable(entry), "kbo: 0123456749\n");
  EXPECT_EQ(RenderTable(clock::v1::GetTimeRequest()), "ok\n");
}

TEST(RenderTableTest, InstantsAsRfc3339EnumsShortMoneyInEuros) {
  clock::v1::GetTimeResponse time;
  ASSERT_TRUE(
      google::protobuf::util::TimeUtil::FromString("2019-01-07T09:00:00Z", time.mutable_now()));
  time.set_mode(clock::v1::CLOCK_MODE_MANUAL);
  time.set_local_date("2019-01-07");
  EXPECT_EQ(RenderTable(time), "now: 2019-01-07T09:00:00Z\nmode: MANUAL\nlocal_date: 2019-01-07\n");

  audit::v1::ExplainDecisionResponse explained;
  explained.set_recomputed_amount_cents(1234567);
  explained.set_reproduced(true);
  explained.add_computation("weight 0123456749: 1200 child-minutes");
  explained.add_computation("share: 12 345,67 EUR");
  auto* input = explained.add_inputs();
  input->set_topic("stem.recognition.events");
  input->set_partition(2);
  input->set_offset(17);
  input->set_event_type("stem.recognition.v1.RecognitionGranted");
  input->set_aggregate_id("0123456749");
  input->set_aggregate_version(2);
  ASSERT_TRUE(google::protobuf::util::TimeUtil::FromString("2019-01-02T08:00:00Z",
                                                           input->mutable_occurred_at()));
  EXPECT_EQ(RenderTable(explained),
            "recomputed_amount_cents: 12 345,67 EUR (1234567)\n"
            "reproduced: true\n"
            "computation: weight 0123456749: 1200 child-minutes, share: 12 345,67 EUR\n"
            "\n"
            "TOPIC                    PARTITION  OFFSET  EVENT_TYPE                              "
            "AGGREGATE_ID  AGGREGATE_VERSION  OCCURRED_AT\n"
            "stem.recognition.events  2          17      stem.recognition.v1.RecognitionGranted  "
            "0123456749    2                  2019-01-02T08:00:00Z\n");
}

TEST(RenderTableTest, TextATerminalWouldObeyIsEscaped) {
  recognition::v1::ListRecognisedAcademiesResponse response = Register();
  response.mutable_academies(0)->set_name(
      "Evil\x1b[2J\x1b]0;owned\x07 \xe2\x80\xae"
      "academy");
  auto academy = Academy();
  academy.mutable_academy()->set_name("Evil\x1b[2J");
  for (const std::string& text : {RenderTable(response), RenderTable(academy)}) {
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_EQ(text.find('\x07'), std::string::npos) << text;
    EXPECT_EQ(text.find("\xe2\x80\xae"), std::string::npos) << text;
    EXPECT_THAT(text, HasSubstr("Evil\\x1b[2J"));
  }
}

TEST(FormatEurosTest, TheBelgianWay) {
  EXPECT_EQ(FormatEuros(0), "0,00 EUR");
  EXPECT_EQ(FormatEuros(5), "0,05 EUR");
  EXPECT_EQ(FormatEuros(100000), "1 000,00 EUR");
  EXPECT_EQ(FormatEuros(1234567), "12 345,67 EUR");
  EXPECT_EQ(FormatEuros(-250050), "-2 500,50 EUR");
  EXPECT_EQ(FormatEuros(INT64_MIN), "-92 233 720 368 547 758,08 EUR");
}

TEST(RenderJsonTest, EveryFieldAsProtobufJsonThatParsesBack) {
  recognition::v1::GetRecognitionStatusResponse status;
  status.set_date("2019-03-12");
  status.set_not_recognised_because("NEVER_GRANTED");
  const std::string json = RenderJson(status);
  // Zero and false values are there for scripts to read.
  EXPECT_THAT(json, HasSubstr("\"recognised\": false"));
  EXPECT_THAT(json, HasSubstr("\"notRecognisedBecause\": \"NEVER_GRANTED\""));
  EXPECT_EQ(json.back(), '\n');

  const auto academy = Academy();
  const std::string academy_json = RenderJson(academy);
  EXPECT_THAT(academy_json, HasSubstr("\"kind\": \"RECOGNITION_KIND_PROVISIONAL\""));
  recognition::v1::GetAcademyResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(academy_json, &parsed).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, academy)) << academy_json;
}

TEST(RenderJsonTest, AJsonLineIsOneLine) {
  const std::string line = RenderJsonLine(Register());
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_THAT(line, HasSubstr("\"kbo\":\"0200000043\""));
  EXPECT_THAT(RenderJson(Register()), Not(HasSubstr("\"kbo\":\"0200000043\"")));
}

TEST(RenderTest, OutputFormats) {
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_FALSE(ParseOutputFormat("yaml").ok());
  const auto academy = Academy();
  EXPECT_EQ(Render(academy, OutputFormat::kTable), RenderTable(academy));
  EXPECT_EQ(Render(academy, OutputFormat::kJson), RenderJson(academy));
}

}  // namespace
}  // namespace stem::cli
