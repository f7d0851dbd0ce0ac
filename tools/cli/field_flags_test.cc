// The flags a request message gets from its descriptor alone.
#include "tools/cli/field_flags.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "stem/activity/v1/activity_service.pb.h"
#include "stem/clock/v1/clock_service.pb.h"
#include "stem/common/v1/types.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::map<std::string, FieldFlag> ByName(const google::protobuf::Descriptor* request) {
  std::map<std::string, FieldFlag> flags;
  for (FieldFlag& flag : FlagsOf(request)) flags.emplace(flag.name, std::move(flag));
  return flags;
}

TEST(FlagsOfTest, OneFlagPerFieldNestedMessagesDotted) {
  std::vector<std::string> names;
  for (const FieldFlag& flag : FlagsOf(recognition::v1::SubmitApplicationRequest::descriptor())) {
    names.push_back(flag.name);
  }
  EXPECT_THAT(names,
              ElementsAre("request-id", "kbo", "name", "contact-email", "domains", "ages.min-age",
                          "ages.max-age", "municipality-nis-codes",
                          "attestations.outside-school-hours", "attestations.open-to-every-child",
                          "attestations.offered-as-trajectories", "expected-version"));
}

TEST(FlagsOfTest, KindsAndHelpFollowTheFieldTypes) {
  const auto submit = ByName(recognition::v1::SubmitApplicationRequest::descriptor());
  EXPECT_EQ(submit.at("domains").kind, FlagKind::kEnum);
  EXPECT_TRUE(submit.at("domains").repeated);
  EXPECT_THAT(submit.at("domains").help, HasSubstr("SCIENCE, TECHNOLOGY, ENGINEERING"));
  EXPECT_EQ(submit.at("attestations.outside-school-hours").kind, FlagKind::kBool);
  EXPECT_EQ(submit.at("ages.min-age").type_name, "INT32");
  EXPECT_THAT(submit.at("kbo").help, HasSubstr("KBO number"));
  EXPECT_THAT(submit.at("expected-version").help, HasSubstr("optional"));
  EXPECT_THAT(submit.at("request-id").help, HasSubstr("generated when not given"));

  const auto activity = ByName(activity::v1::RegisterActivityRequest::descriptor());
  EXPECT_EQ(activity.at("sessions").kind, FlagKind::kJsonItem);

  const auto advance = ByName(clock::v1::AdvanceClockRequest::descriptor());
  EXPECT_EQ(advance.at("to").kind, FlagKind::kTimestamp);
  EXPECT_EQ(advance.at("by").kind, FlagKind::kDuration);
  EXPECT_THAT(advance.at("to").help, HasSubstr("one of --to, --by"));

  const auto period = ByName(subsidy::v1::OpenPeriodRequest::descriptor());
  EXPECT_EQ(period.at("rule-parameters").kind, FlagKind::kMap);
  EXPECT_EQ(period.at("rule-parameters").type_name, "KEY=VALUE");
  EXPECT_THAT(period.at("budget-cents").help, HasSubstr("euro cents"));
}

TEST(KebabCaseTest, FieldAndMethodNames) {
  EXPECT_EQ(KebabCase("municipality_nis_codes"), "municipality-nis-codes");
  EXPECT_EQ(KebabCase("SubmitApplication"), "submit-application");
  EXPECT_EQ(KebabCase("GetRecognitionStatusAsOf"), "get-recognition-status-as-of");
}

TEST(EnumShortNameTest, DropsTheTypePrefix) {
  EXPECT_EQ(
      EnumShortName(common::v1::StemDomain_descriptor()->FindValueByName("STEM_DOMAIN_SCIENCE")),
      "SCIENCE");
  EXPECT_EQ(EnumShortName(recognition::v1::ApplicationState_descriptor()->FindValueByName(
                "APPLICATION_STATE_GRANTED")),
            "GRANTED");
}

TEST(IsReservedFlagNameTest, OptionsOfEveryCommand) {
  EXPECT_TRUE(IsReservedFlagName("output"));
  EXPECT_TRUE(IsReservedFlagName("json"));
  EXPECT_FALSE(IsReservedFlagName("kbo"));
}

}  // namespace
}  // namespace stem::cli
