// Why a session counts 0 (rulebook section 3), each reason through the public API: not
// recognised (before the grant, from a revocation's effective date), inside a partnership's
// project period, cancelled, in school hours (per the published calendar), nobody aged 5-18.
#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "services/activity/testing/activity_scenario.h"

namespace stem::activity {
namespace {

using testing::ActivityRequest;
using testing::ActivityScenario;
using testing::kAcademy;
using testing::kOther;
using testing::Session;
using testing::SessionsByDate;

class ActivityChildMinutesTest : public ::testing::Test {
 protected:
  // Registers the activity as an officer and reports `participants` children aged 10 for
  // each session; the clock must be past the sessions.
  std::string RegisterAndReport(const v1::RegisterActivityRequest& request, int participants) {
    auto registered = scenario_.Register("officer", request);
    EXPECT_TRUE(registered.ok()) << registered.status();
    if (!registered.ok()) return "";
    for (const std::string& session : registered->session_ids()) {
      absl::Status reported = scenario_.ReportAttendance("officer", registered->activity_id(),
                                                         session, {{10, participants}});
      EXPECT_TRUE(reported.ok()) << reported;
    }
    return registered->activity_id();
  }

  std::map<std::string, v1::SessionChildMinutes> Sessions(const std::string& kbo = kAcademy) {
    scenario_.CatchUp();
    auto minutes = scenario_.ChildMinutesOf(kbo, "2019-01-01", "2019-12-31");
    EXPECT_TRUE(minutes.ok()) << minutes.status();
    return minutes.ok() ? SessionsByDate(*minutes)
                        : std::map<std::string, v1::SessionChildMinutes>();
  }

  ActivityScenario scenario_;
};

TEST_F(ActivityChildMinutesTest, NotRecognisedBeforeTheGrantNorFromARevocation) {
  // Granted on Monday 2019-01-07, revoked from 2019-05-01 on (Saturday sessions).
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  scenario_.harness().AdvanceTo("2019-04-15T10:00:00Z");
  ASSERT_TRUE(scenario_.Revoke(kAcademy, "2019-05-01").ok());
  scenario_.harness().AdvanceTo("2019-05-10T10:00:00Z");
  RegisterAndReport(ActivityRequest("r1", {"2019-01-05", "2019-01-12", "2019-04-27", "2019-05-04"}),
                    4);

  auto sessions = Sessions();
  ASSERT_EQ(sessions.size(), 4u);
  EXPECT_EQ(sessions["2019-01-05"].child_minutes(), 0);
  EXPECT_EQ(sessions["2019-01-05"].zero_reason(), v1::ZERO_REASON_NOT_RECOGNISED);
  EXPECT_EQ(sessions["2019-01-12"].child_minutes(), 4 * 120);
  EXPECT_EQ(sessions["2019-04-27"].child_minutes(), 4 * 120);
  EXPECT_EQ(sessions["2019-05-04"].child_minutes(), 0);
  EXPECT_EQ(sessions["2019-05-04"].zero_reason(), v1::ZERO_REASON_NOT_RECOGNISED);
  // The breakdown still shows what the session would have counted.
  EXPECT_EQ(sessions["2019-05-04"].eligible_participants(), 4);
  EXPECT_EQ(sessions["2019-05-04"].eligible_minutes(), 120);
}

TEST_F(ActivityChildMinutesTest, NoDoubleFundingInsideAPartnershipPeriod) {
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  ASSERT_TRUE(scenario_.Recognise(kOther).ok());
  // The partnership service comes later: its approval is appended as it would write it.
  // kAcademy leads; kOther is one of the partners.
  scenario_.ApprovePartnership("call-2019", "partnership-1", kAcademy, {kOther, "0403170701"},
                               "2019-04-01", "2021-03-31");
  scenario_.harness().AdvanceTo("2019-04-10T10:00:00Z");
  for (const char* kbo : {kAcademy, kOther}) {
    RegisterAndReport(ActivityRequest("r1", {"2019-03-30", "2019-04-06"}, kbo), 3);
    auto sessions = Sessions(kbo);
    ASSERT_EQ(sessions.size(), 2u) << kbo;
    EXPECT_EQ(sessions["2019-03-30"].child_minutes(), 3 * 120) << kbo;
    EXPECT_EQ(sessions["2019-04-06"].child_minutes(), 0) << kbo;
    EXPECT_EQ(sessions["2019-04-06"].zero_reason(), v1::ZERO_REASON_PARTNERSHIP_PERIOD) << kbo;
  }
}

TEST_F(ActivityChildMinutesTest, CancelledSessionsAndActivitiesCountZero) {
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  scenario_.harness().AdvanceTo("2019-02-10T10:00:00Z");
  const std::string kept =
      RegisterAndReport(ActivityRequest("r1", {"2019-01-12", "2019-01-19"}), 2);
  const std::string dropped = RegisterAndReport(ActivityRequest("r2", {"2019-01-26"}), 2);
  ASSERT_TRUE(scenario_.CancelSession("officer", kept, "s2").ok());
  ASSERT_TRUE(scenario_.CancelActivity("officer", dropped).ok());

  auto sessions = Sessions();
  EXPECT_EQ(sessions["2019-01-12"].child_minutes(), 240);
  EXPECT_EQ(sessions["2019-01-19"].zero_reason(), v1::ZERO_REASON_CANCELLED);
  EXPECT_EQ(sessions["2019-01-19"].child_minutes(), 0);
  EXPECT_EQ(sessions["2019-01-26"].zero_reason(), v1::ZERO_REASON_CANCELLED);
  auto activity = scenario_.GetActivity("officer", dropped);
  ASSERT_TRUE(activity.ok()) << activity.status();
  EXPECT_TRUE(activity->cancelled());
  EXPECT_EQ(activity->sessions(0).child_minutes().zero_reason(), v1::ZERO_REASON_CANCELLED);
}

TEST_F(ActivityChildMinutesTest, SchoolHoursFollowThePublishedCalendar) {
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  scenario_.harness().AdvanceTo("2019-03-20T10:00:00Z");
  v1::RegisterActivityRequest request = ActivityRequest("r1", {});
  // Tuesday in term, Tuesday in the spring holiday (krokusvakantie), Wednesday afternoon.
  *request.add_sessions() = Session("2019-03-12", "09:00", "11:00");
  *request.add_sessions() = Session("2019-03-05", "09:00", "11:00");
  *request.add_sessions() = Session("2019-03-13", "12:00", "14:00");
  RegisterAndReport(request, 5);

  // No calendar published: every weekday is a school day.
  auto sessions = Sessions();
  EXPECT_EQ(sessions["2019-03-12"].zero_reason(), v1::ZERO_REASON_SCHOOL_HOURS);
  EXPECT_EQ(sessions["2019-03-05"].zero_reason(), v1::ZERO_REASON_SCHOOL_HOURS);
  EXPECT_EQ(sessions["2019-03-13"].child_minutes(), 5 * 120);

  ASSERT_TRUE(scenario_.PublishCalendar("2018-2019").ok());
  sessions = Sessions();
  EXPECT_EQ(sessions["2019-03-12"].zero_reason(), v1::ZERO_REASON_SCHOOL_HOURS);
  EXPECT_EQ(sessions["2019-03-12"].eligible_minutes(), 0);
  EXPECT_EQ(sessions["2019-03-05"].child_minutes(), 5 * 120);
  EXPECT_EQ(sessions["2019-03-05"].zero_reason(), v1::ZERO_REASON_UNSPECIFIED);

  // A new publication replaces the year's calendar: without holidays, the 5th is term again.
  v1::PublishSchoolCalendarRequest bare;
  bare.set_request_id("bare");
  bare.set_school_year("2018-2019");
  v1::PublishSchoolCalendarResponse published;
  ASSERT_TRUE(scenario_.activity()
                  .PublishSchoolCalendar(service::testing::ServiceHarness::As("officer").get(),
                                         bare, &published)
                  .ok());
  EXPECT_EQ(published.version(), 2);
  sessions = Sessions();
  EXPECT_EQ(sessions["2019-03-05"].zero_reason(), v1::ZERO_REASON_SCHOOL_HOURS);
}

TEST_F(ActivityChildMinutesTest, OnlyChildrenAgedFiveToEighteenCount) {
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  scenario_.harness().AdvanceTo("2019-02-10T10:00:00Z");
  auto registered =
      scenario_.Register("officer", ActivityRequest("r1", {"2019-01-12", "2019-01-19"}));
  ASSERT_TRUE(registered.ok()) << registered.status();
  ASSERT_TRUE(
      scenario_
          .ReportAttendance("officer", registered->activity_id(), "s1", {{4, 3}, {19, 2}, {99, 1}})
          .ok());
  auto sessions = Sessions();
  EXPECT_EQ(sessions["2019-01-12"].zero_reason(), v1::ZERO_REASON_NO_ELIGIBLE_PARTICIPANTS);
  EXPECT_EQ(sessions["2019-01-12"].eligible_participants(), 0);
  // A session without a report has no participants.
  EXPECT_EQ(sessions["2019-01-19"].zero_reason(), v1::ZERO_REASON_NO_ELIGIBLE_PARTICIPANTS);
}

}  // namespace
}  // namespace stem::activity
