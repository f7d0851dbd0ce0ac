#include "libs/events/field_limits.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::events {
namespace {

absl::Status CheckRequest(const google::protobuf::Message& request) {
  return CheckFieldLimits(request, kRequestLimits);
}

recognition::v1::SubmitApplicationRequest Application() {
  recognition::v1::SubmitApplicationRequest request;
  request.set_request_id("r1");
  request.set_kbo("0123456749");
  request.set_name("STEM-academie Liège – Café");
  request.set_contact_email("info@stem.be");
  request.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  request.add_municipality_nis_codes("11002");
  return request;
}

TEST(RequestLimitsTest, AcceptsOrdinaryRequests) {
  EXPECT_TRUE(CheckRequest(Application()).ok());
  EXPECT_TRUE(CheckRequest(recognition::v1::SubmitApplicationRequest()).ok());
}

TEST(RequestLimitsTest, EachFieldIsTextOfItsKind) {
  auto name = Application();
  name.set_name(std::string(201, 'n'));
  EXPECT_EQ(ReasonOf(CheckRequest(name)), "TEXT_INVALID");
  name.set_name(std::string(200, 'n'));
  EXPECT_TRUE(CheckRequest(name).ok());
  name.set_name("evil\x1b[2J");
  absl::Status escape = CheckRequest(name);
  EXPECT_EQ(ReasonOf(escape), "TEXT_INVALID");
  EXPECT_NE(std::string(escape.message()).find("name"), std::string::npos);

  auto email = Application();
  email.set_contact_email(std::string(250, 'e') + "@x.be");
  EXPECT_EQ(ReasonOf(CheckRequest(email)), "TEXT_INVALID");

  // Strings without an option are identifiers: one line, 128 characters.
  auto kbo = Application();
  kbo.set_kbo(std::string(129, '1'));
  EXPECT_EQ(ReasonOf(CheckRequest(kbo)), "TEXT_INVALID");
  kbo.set_kbo("0123456749\n");
  EXPECT_EQ(ReasonOf(CheckRequest(kbo)), "TEXT_INVALID");

  recognition::v1::RevokeRecognitionRequest revoke;
  revoke.set_reason("two lines\nof reasons\twith a tab");
  EXPECT_TRUE(CheckRequest(revoke).ok());
  revoke.set_reason(std::string(4001, 'r'));
  EXPECT_EQ(ReasonOf(CheckRequest(revoke)), "TEXT_INVALID");
}

TEST(RequestLimitsTest, ListsHaveTheirLimitsOrThreeHundred) {
  auto codes = Application();
  for (int i = 0; i < kRequestLimits.default_max_items; ++i)
    codes.add_municipality_nis_codes("11002");
  absl::Status status = CheckRequest(codes);
  EXPECT_EQ(ReasonOf(status), "TOO_MANY");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);

  auto domains = Application();
  for (int i = 0; i < 10; ++i) domains.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
  EXPECT_EQ(ReasonOf(CheckRequest(domains)), "TOO_MANY");

  activity::v1::RegisterActivityRequest activity;
  for (int i = 0; i < 201; ++i) activity.add_sessions()->set_date("2019-03-12");
  EXPECT_EQ(ReasonOf(CheckRequest(activity)), "TOO_MANY");
}

TEST(RequestLimitsTest, NestedMessagesAndMapsAreCheckedByPath) {
  activity::v1::RegisterActivityRequest activity;
  activity.add_sessions()->set_date("2019-03-12");
  activity.add_sessions()->set_date("2019-03-12\x1b");
  absl::Status status = CheckRequest(activity);
  EXPECT_EQ(ReasonOf(status), "TEXT_INVALID");
  EXPECT_NE(std::string(status.message()).find("sessions[1].date"), std::string::npos) << status;

  activity::v1::PublishSchoolCalendarRequest calendar;
  calendar.add_holidays()->set_name(std::string(300, 'h'));
  EXPECT_EQ(ReasonOf(CheckRequest(calendar)), "TEXT_INVALID");

  subsidy::v1::OpenPeriodRequest period;
  (*period.mutable_rule_parameters())["amount"] = std::string(200, '1');
  EXPECT_EQ(ReasonOf(CheckRequest(period)), "TEXT_INVALID");
  period.clear_rule_parameters();
  for (int i = 0; i < 21; ++i) (*period.mutable_rule_parameters())["p" + std::to_string(i)] = "1";
  EXPECT_EQ(ReasonOf(CheckRequest(period)), "TOO_MANY");
}

}  // namespace
}  // namespace stem::events
