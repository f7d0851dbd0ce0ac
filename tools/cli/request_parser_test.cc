// Flags and JSON -> the suite's real request messages: scalars, nested messages, repeated
// and enum fields, dates, instants, durations, maps, oneofs, and the usage errors that name
// the flag to fix.
#include "tools/cli/request_parser.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "libs/common/testing/temp_dir.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/audit/v1/audit_service.pb.h"
#include "stem/clock/v1/clock_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::cli {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

// A usage error: INVALID_ARGUMENT whose message contains every piece of `expected`.
void ExpectUsageError(const absl::Status& status, std::initializer_list<const char*> expected) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  for (const char* piece : expected) EXPECT_THAT(std::string(status.message()), HasSubstr(piece));
}

TEST(ApplyFlagsTest, BuildsANestedRequestWithRepeatedEnumsStringsAndBools) {
  recognition::v1::SubmitApplicationRequest request;
  ASSERT_TRUE(ApplyFlags(
                  {
                      {"request-id", {"s1"}},
                      {"kbo", {"0123.456.749"}},
                      {"name", {"STEM-academie Antwerpen"}},
                      {"contact-email", {"info@stem-antwerpen.be"}},
                      // Short names, any case, comma-separated or repeated; full names too.
                      {"domains", {"science, digital", "STEM_DOMAIN_MATHEMATICS"}},
                      {"ages.min-age", {"8"}},
                      {"ages.max-age", {"14"}},
                      {"municipality-nis-codes", {"11002,11007", "44021"}},
                      {"attestations.outside-school-hours", {"true"}},
                      {"attestations.open-to-every-child", {"yes"}},
                      {"attestations.offered-as-trajectories", {"false"}},
                      {"expected-version", {"3"}},
                  },
                  request)
                  .ok());

  recognition::v1::SubmitApplicationRequest expected;
  expected.set_request_id("s1");
  expected.set_kbo("0123.456.749");
  expected.set_name("STEM-academie Antwerpen");
  expected.set_contact_email("info@stem-antwerpen.be");
  expected.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  expected.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
  expected.add_domains(common::v1::STEM_DOMAIN_MATHEMATICS);
  expected.mutable_ages()->set_min_age(8);
  expected.mutable_ages()->set_max_age(14);
  expected.add_municipality_nis_codes("11002");
  expected.add_municipality_nis_codes("11007");
  expected.add_municipality_nis_codes("44021");
  expected.mutable_attestations()->set_outside_school_hours(true);
  expected.mutable_attestations()->set_open_to_every_child(true);
  expected.mutable_attestations()->set_offered_as_trajectories(false);
  expected.set_expected_version(3);
  EXPECT_TRUE(MessageDifferencer::Equals(request, expected)) << request.DebugString();
}

TEST(ApplyFlagsTest, AnOptionalFieldIsSetOnlyWhenGiven) {
  recognition::v1::SubmitApplicationRequest request;
  ASSERT_TRUE(ApplyFlags({{"kbo", {"0123456749"}}}, request).ok());
  EXPECT_FALSE(request.has_expected_version());
  ASSERT_TRUE(ApplyFlags({{"expected-version", {"0"}}}, request).ok());
  EXPECT_TRUE(request.has_expected_version());
  EXPECT_EQ(request.expected_version(), 0);
}

TEST(ApplyFlagsTest, ASingularFlagGivenTwiceTakesTheLastValue) {
  recognition::v1::GetRecognitionStatusRequest request;
  ASSERT_TRUE(ApplyFlags({{"kbo", {"0123456749", "0200000043"}}}, request).ok());
  EXPECT_EQ(request.kbo(), "0200000043");
}

TEST(ApplyFlagsTest, DatesAreIsoDateStringsPassedAsGiven) {
  // The suite's dates are strings (types.proto); the server validates them (DATE_INVALID).
  recognition::v1::RevokeRecognitionRequest request;
  ASSERT_TRUE(
      ApplyFlags({{"kbo", {"0123456749"}}, {"effective-from", {"2019-09-01"}}}, request).ok());
  EXPECT_EQ(request.effective_from(), "2019-09-01");
}

TEST(ApplyFlagsTest, RepeatedMessagesTakeOneJsonObjectPerFlagOrAnArray) {
  activity::v1::RegisterActivityRequest request;
  ASSERT_TRUE(ApplyFlags(
                  {
                      {"sessions",
                       {R"({"date":"2019-03-06","startTime":"14:00","endTime":"16:00"})",
                        R"([{"date":"2019-03-13","start_time":"14:00","end_time":"16:00"},
                            {"date":"2019-03-20","startTime":"10:00","endTime":"12:30"}])"}},
                      {"ages.min-age", {"10"}},
                  },
                  request)
                  .ok());
  ASSERT_EQ(request.sessions_size(), 3);
  EXPECT_EQ(request.sessions(0).date(), "2019-03-06");
  EXPECT_EQ(request.sessions(1).start_time(), "14:00");
  EXPECT_EQ(request.sessions(2).end_time(), "12:30");
  EXPECT_EQ(request.ages().min_age(), 10);
}

TEST(ApplyFlagsTest, AFlagReplacesTheRepeatedValuesJsonGave) {
  recognition::v1::SubmitApplicationRequest request;
  ASSERT_TRUE(MergeJson(R"({"kbo":"0123456749","municipalityNisCodes":["11002","11007"],
                            "domains":["STEM_DOMAIN_SCIENCE"]})",
                        request)
                  .ok());
  ASSERT_TRUE(ApplyFlags({{"municipality-nis-codes", {"44021"}}}, request).ok());
  EXPECT_EQ(request.kbo(), "0123456749");
  ASSERT_EQ(request.municipality_nis_codes_size(), 1);
  EXPECT_EQ(request.municipality_nis_codes(0), "44021");
  EXPECT_EQ(request.domains_size(), 1);  // not named by a flag: as the JSON said
}

TEST(ApplyFlagsTest, InstantsAreRfc3339WithAnyOffsetAndNestedQueriesAreDotted) {
  audit::v1::GetRecognitionStatusAsOfRequest request;
  ASSERT_TRUE(ApplyFlags(
                  {
                      {"as-of", {"2019-03-01T10:00:00+01:00"}},
                      {"query.kbo", {"0123456749"}},
                      {"query.date", {"2019-03-12"}},
                  },
                  request)
                  .ok());
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(request.as_of()), "2019-03-01T09:00:00Z");
  EXPECT_EQ(request.query().kbo(), "0123456749");
  EXPECT_EQ(request.query().date(), "2019-03-12");
}

TEST(ApplyFlagsTest, DurationsTakeDaysHoursMinutesAndSeconds) {
  const auto seconds_of = [](const std::string& text) -> int64_t {
    clock::v1::AdvanceClockRequest request;
    const absl::Status status = ApplyFlags({{"by", {text}}}, request);
    EXPECT_TRUE(status.ok()) << text << ": " << status;
    return request.by().seconds();
  };
  EXPECT_EQ(seconds_of("7d"), 7 * 24 * 3600);
  EXPECT_EQ(seconds_of("1h30m"), 5400);
  EXPECT_EQ(seconds_of("90s"), 90);
}

TEST(ApplyFlagsTest, TwoMembersOfOneOneofAreRefused) {
  clock::v1::AdvanceClockRequest request;
  ExpectUsageError(ApplyFlags({{"by", {"1h"}}, {"to", {"2019-03-01T00:00:00Z"}}}, request),
                   {"--by", "--to", "alternatives"});
}

TEST(ApplyFlagsTest, MapsTakeKeyValuePairs) {
  subsidy::v1::OpenPeriodRequest request;
  ASSERT_TRUE(ApplyFlags(
                  {
                      {"rule-parameters", {"child_minutes_weight=1,floor=0", "floor=5"}},
                      {"budget-cents", {"100000000"}},
                  },
                  request)
                  .ok());
  EXPECT_EQ(request.budget_cents(), 100000000);
  ASSERT_EQ(request.rule_parameters().size(), 2u);
  EXPECT_EQ(request.rule_parameters().at("child_minutes_weight"), "1");
  EXPECT_EQ(request.rule_parameters().at("floor"), "5");  // the last value of a key
}

TEST(ApplyFlagsTest, ABadValueIsAUsageErrorNamingTheFlagAndTheValue) {
  recognition::v1::SubmitApplicationRequest request;
  ExpectUsageError(ApplyFlags({{"ages.min-age", {"eight"}}}, request),
                   {"--ages.min-age", "'eight'", "whole number"});
  ExpectUsageError(ApplyFlags({{"domains", {"science,art"}}}, request),
                   {"--domains", "'art'", "StemDomain", "SCIENCE", "DIGITAL"});
  ExpectUsageError(ApplyFlags({{"attestations.outside-school-hours", {"maybe"}}}, request),
                   {"--attestations.outside-school-hours", "'maybe'"});
  ExpectUsageError(ApplyFlags({{"expected-version", {"99999999999999999999"}}}, request),
                   {"--expected-version"});
}

TEST(ApplyFlagsTest, BadInstantsDurationsMapsAndJsonNameTheirFlag) {
  audit::v1::GetRecognitionStatusAsOfRequest as_of;
  ExpectUsageError(ApplyFlags({{"as-of", {"2019-03-01"}}}, as_of), {"--as-of", "RFC 3339"});
  clock::v1::AdvanceClockRequest advance;
  ExpectUsageError(ApplyFlags({{"by", {"a week"}}}, advance), {"--by", "'a week'"});
  subsidy::v1::OpenPeriodRequest period;
  ExpectUsageError(ApplyFlags({{"rule-parameters", {"floor"}}}, period),
                   {"--rule-parameters", "'floor'", "key=value"});
  activity::v1::RegisterActivityRequest activity;
  ExpectUsageError(ApplyFlags({{"sessions", {R"({"day":"2019-03-06"})"}}}, activity),
                   {"--sessions"});
}

TEST(ApplyFlagsTest, AnUnknownFlagIsAUsageError) {
  recognition::v1::GetAcademyRequest request;
  ExpectUsageError(ApplyFlags({{"kob", {"0123456749"}}}, request), {"unknown flag --kob"});
}

TEST(MergeJsonTest, ReadsProtobufJsonAndRefusesUnknownFields) {
  recognition::v1::GrantRecognitionRequest request;
  ASSERT_TRUE(
      MergeJson(R"({"kbo":"0123456749","kind":"RECOGNITION_KIND_FULL","reason":"ok"})", request)
          .ok());
  EXPECT_EQ(request.kind(), recognition::v1::RECOGNITION_KIND_FULL);
  ExpectUsageError(MergeJson(R"({"kbo":"0123456749","knid":"FULL"})", request),
                   {"GrantRecognitionRequest"});
  ExpectUsageError(MergeJson("{not json", request), {"GrantRecognitionRequest"});
}

TEST(ReadFileArgumentTest, ReadsAFileAndNamesOneItCannotRead) {
  stem::testing::TempDir dir;
  std::ofstream(dir.Sub("request.json")) << R"({"kbo":"0123456749"})";
  auto text = ReadFileArgument("json-file", dir.Sub("request.json"));
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, R"({"kbo":"0123456749"})");
  auto missing = ReadFileArgument("json-file", dir.Sub("missing.json"));
  ExpectUsageError(missing.status(), {"--json-file", "missing.json"});
}

TEST(ParseEnumValueTest, TakesShortAndFullNamesInAnyCaseAndNumbers) {
  const auto* kind = recognition::v1::RecognitionKind_descriptor();
  EXPECT_EQ(*ParseEnumValue(kind, "provisional"), recognition::v1::RECOGNITION_KIND_PROVISIONAL);
  EXPECT_EQ(*ParseEnumValue(kind, "RECOGNITION_KIND_FULL"), recognition::v1::RECOGNITION_KIND_FULL);
  EXPECT_EQ(*ParseEnumValue(kind, "2"), recognition::v1::RECOGNITION_KIND_FULL);
  const absl::StatusOr<int> unknown = ParseEnumValue(kind, "permanent");
  ExpectUsageError(unknown.status(), {"'permanent'", "RecognitionKind", "PROVISIONAL, FULL"});
  EXPECT_FALSE(ParseEnumValue(kind, "7").ok());
}

TEST(EnsureRequestIdTest, GeneratesAUuidOnlyWhenTheRequestHasAnEmptyOne) {
  recognition::v1::GrantRecognitionRequest request;
  const std::optional<std::string> id = EnsureRequestId(request);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(request.request_id(), *id);
  ASSERT_EQ(id->size(), 36u);
  EXPECT_EQ((*id)[14], '4');  // version 4

  EXPECT_FALSE(EnsureRequestId(request).has_value());  // given: kept
  EXPECT_EQ(request.request_id(), *id);

  recognition::v1::GetAcademyRequest query;  // a query has no idempotency key
  EXPECT_FALSE(EnsureRequestId(query).has_value());
}

}  // namespace
}  // namespace stem::cli
