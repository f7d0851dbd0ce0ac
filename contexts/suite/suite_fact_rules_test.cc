#include "contexts/suite/suite_fact_rules.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "libs/common/error.h"
#include "stem/activity/v1/events.pb.h"
#include "stem/events/v1/fact_key_rotated.pb.h"
#include "stem/partnership/v1/events.pb.h"
#include "stem/recognition/v1/events.pb.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::suite {
namespace {

// Messages of the events files that are parts of facts, not facts of their own.
const std::set<std::string>& Parts() {
  static const std::set<std::string> parts = {
      "stem.recognition.v1.Attestations", "stem.activity.v1.Session",
      "stem.activity.v1.AgeCount",        "stem.activity.v1.DateRange",
      "stem.partnership.v1.Partner",      "stem.partnership.v1.TrancheSchedule",
      "stem.subsidy.v1.ActivityCounted",  "stem.subsidy.v1.MunicipalityCounted",
      "stem.subsidy.v1.DivisionTrace"};
  return parts;
}

// A new fact type cannot be forgotten: every message of the four events files is a fact
// with rules, or a part listed above.
TEST(SuiteFactRulesTest, EveryFactTypeOfEveryContextHasRules) {
  const events::FactRules& rules = SuiteFactRules();
  for (const google::protobuf::FileDescriptor* file :
       {recognition::v1::RecognitionGranted::descriptor()->file(),
        activity::v1::ActivityRegistered::descriptor()->file(),
        partnership::v1::CallOpened::descriptor()->file(),
        subsidy::v1::PeriodOpened::descriptor()->file(),
        events::v1::FactKeyRotated::descriptor()->file()}) {
    for (int i = 0; i < file->message_type_count(); ++i) {
      const std::string& name = file->message_type(i)->full_name();
      if (Parts().count(name) != 0) continue;
      EXPECT_TRUE(rules.Has(name)) << name << " has no fact rules";
    }
  }
}

TEST(SuiteFactRulesTest, DatesTextAndListsOfFactsAreChecked) {
  const events::FactRules& rules = SuiteFactRules();
  recognition::v1::RecognitionRevoked revoked;
  revoked.set_effective_from("2019-03-01");
  revoked.set_decided_on("2019-03-01");
  revoked.set_reason("fraud");
  EXPECT_TRUE(rules.Check(revoked).ok());
  revoked.set_effective_from("0000-01-01");
  EXPECT_EQ(ReasonOf(rules.Check(revoked)), "DATE_OUT_OF_RANGE");
  revoked.set_effective_from("0-01-01");
  EXPECT_EQ(ReasonOf(rules.Check(revoked)), "DATE_INVALID");

  recognition::v1::RecognitionGranted granted;
  granted.set_valid_from("2019-03-01");
  granted.set_valid_until("2022-02-28");
  EXPECT_TRUE(rules.Check(granted).ok());
  granted.set_valid_until("2102-02-28");
  EXPECT_EQ(ReasonOf(rules.Check(granted)), "DATE_OUT_OF_RANGE");
  granted.set_valid_until("2019-02-28");
  EXPECT_EQ(ReasonOf(rules.Check(granted)), "DATE_RANGE_INVALID");

  activity::v1::ActivityRegistered registered;
  registered.set_activity_id("act-1");
  registered.set_academy_kbo("0123456749");
  registered.set_title("Robots\x1b[2J");
  activity::v1::Session* session = registered.add_sessions();
  session->set_session_id("s1");
  session->set_date("2019-03-12");
  session->set_start_time("15:00");
  session->set_end_time("17:00");
  EXPECT_EQ(ReasonOf(rules.Check(registered)), "TEXT_INVALID");
  registered.set_title("Robots");
  EXPECT_TRUE(rules.Check(registered).ok());
  session->set_date("0999-06-01");
  EXPECT_EQ(ReasonOf(rules.Check(registered)), "DATE_OUT_OF_RANGE");
  session->set_date("2019-03-12");
  session->set_end_time("14:00");
  EXPECT_EQ(ReasonOf(rules.Check(registered)), "SESSION_TIME_INVALID");

  subsidy::v1::PeriodOpened opened;
  opened.set_first_day("0001-01-01");
  EXPECT_EQ(ReasonOf(rules.Check(opened)), "DATE_OUT_OF_RANGE");
  opened.set_first_day("2019-01-01");
  opened.set_last_day("2019-06-30");
  opened.set_window_opens_at("2019-01-01T00:00:00Z");
  opened.set_window_closes_at("9999-01-01T00:00:00Z");
  EXPECT_EQ(ReasonOf(rules.Check(opened)), "DATE_OUT_OF_RANGE");
}

}  // namespace
}  // namespace stem::suite
