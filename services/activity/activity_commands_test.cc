// Every reason code of the activity commands, each refusal writing nothing, and the lock
// of attendance after a subsidy period's reporting deadline.
#include <gtest/gtest.h>

#include <functional>

#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "services/activity/testing/activity_scenario.h"

namespace stem::activity {
namespace {

using service::testing::ServiceHarness;
using testing::ActivityRequest;
using testing::ActivityScenario;
using testing::kAcademy;
using testing::Session;

class ActivityCommandsTest : public ::testing::Test {
 protected:
  absl::Status Publish(const v1::PublishSchoolCalendarRequest& request) {
    v1::PublishSchoolCalendarResponse response;
    return rpc::FromGrpcStatus(scenario_.activity().PublishSchoolCalendar(
        ServiceHarness::As("officer").get(), request, &response));
  }

  ActivityScenario scenario_;
};

TEST_F(ActivityCommandsTest, InvalidRegistrationsAreRefusedWithReasonsAndWriteNothing) {
  struct Case {
    std::string reason;
    std::function<void(v1::RegisterActivityRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"KBO_INVALID", [](auto& r) { r.set_academy_kbo("0123456748"); }},
      {"TITLE_MISSING", [](auto& r) { r.set_title("   "); }},
      // Text rules (rulebook section 1): one line, at most 200 characters, no escapes.
      {"TEXT_INVALID", [](auto& r) { r.set_title(" \t"); }},
      {"TEXT_INVALID", [](auto& r) { r.set_title(std::string(201, 'x')); }},
      {"TEXT_INVALID", [](auto& r) { r.set_title("Robots\x1b[2J"); }},
      {"DOMAINS_MISSING", [](auto& r) { r.clear_domains(); }},
      {"DOMAIN_INVALID", [](auto& r) { r.add_domains(common::v1::STEM_DOMAIN_UNSPECIFIED); }},
      {"DOMAIN_INVALID", [](auto& r) { r.add_domains(static_cast<common::v1::StemDomain>(9)); }},
      {"AGE_RANGE_INVALID", [](auto& r) { r.mutable_ages()->set_min_age(15); }},
      {"AGE_RANGE_INVALID", [](auto& r) { r.mutable_ages()->set_min_age(-1); }},
      {"AGE_RANGE_INVALID", [](auto& r) { r.mutable_ages()->set_max_age(100); }},
      // An activity for adults only is not a STEM activity for children of 5-18.
      {"AGE_RANGE_INVALID",
       [](auto& r) {
         r.mutable_ages()->set_min_age(19);
         r.mutable_ages()->set_max_age(30);
       }},
      {"SESSIONS_COUNT_INVALID", [](auto& r) { r.clear_sessions(); }},
      // Lists have a maximum size (rulebook section 1): 200 sessions.
      {"TOO_MANY",
       [](auto& r) {
         while (r.sessions_size() <= 200) *r.add_sessions() = r.sessions(0);
       }},
      {"DATE_INVALID", [](auto& r) { r.mutable_sessions(0)->set_date("2019-02-30"); }},
      {"DATE_INVALID", [](auto& r) { r.mutable_sessions(0)->set_date("12/03/2019"); }},
      {"DATE_INVALID", [](auto& r) { r.mutable_sessions(0)->set_date("999-06-01"); }},
      // Dates are refused outside 2000-2099 (rulebook section 1) before anything is decided.
      {"DATE_OUT_OF_RANGE", [](auto& r) { r.mutable_sessions(0)->set_date("0999-06-01"); }},
      {"DATE_OUT_OF_RANGE", [](auto& r) { r.mutable_sessions(0)->set_date("0001-01-01"); }},
      {"DATE_OUT_OF_RANGE", [](auto& r) { r.mutable_sessions(0)->set_date("2100-01-01"); }},
      {"SESSION_TIME_INVALID", [](auto& r) { r.mutable_sessions(0)->set_start_time("9:00"); }},
      {"SESSION_TIME_INVALID", [](auto& r) { r.mutable_sessions(0)->set_end_time("24:00"); }},
      {"SESSION_TIME_INVALID", [](auto& r) { r.mutable_sessions(0)->set_end_time("15:00"); }},
      {"SESSION_TIME_INVALID", [](auto& r) { r.mutable_sessions(0)->set_end_time("14:00"); }},
      {"SESSION_TIME_INVALID",
       [](auto& r) { *r.mutable_sessions(0) = Session("2019-03-12", "06:00", "18:01"); }},
      // Brussels is not Flemish; no code at all; Hasselt's code of 2025 on a 2019 date.
      {"MUNICIPALITY_UNKNOWN", [](auto& r) { r.set_municipality_nis_code("21004"); }},
      {"MUNICIPALITY_UNKNOWN", [](auto& r) { r.clear_municipality_nis_code(); }},
      {"MUNICIPALITY_UNKNOWN", [](auto& r) { r.set_municipality_nis_code("71072"); }},
      // Kortessem's code is valid until 2024-12-31 only: the second session is after the
      // merger.
      {"MUNICIPALITY_UNKNOWN",
       [](auto& r) {
         r.set_municipality_nis_code("73040");
         r.clear_sessions();
         *r.add_sessions() = Session("2024-12-28", "10:00", "12:00");
         *r.add_sessions() = Session("2025-01-04", "10:00", "12:00");
       }},
      {"REQUEST_ID_MISSING", [](auto& r) { r.clear_request_id(); }},
  };
  for (const Case& test : cases) {
    v1::RegisterActivityRequest request = ActivityRequest("bad", {"2019-03-12"});
    test.spoil(request);
    absl::Status status = scenario_.Register("officer", request).status();
    EXPECT_EQ(ReasonOf(status), test.reason) << status;
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << test.reason;
  }
  EXPECT_EQ(scenario_.ActivityRecords(), 0);

  // The limits themselves are accepted: 200 sessions, 12 hours, a 2025 code in 2025.
  v1::RegisterActivityRequest longest = ActivityRequest("200", {"2019-03-12"});
  while (longest.sessions_size() < 200) *longest.add_sessions() = longest.sessions(0);
  *longest.mutable_sessions(0) = Session("2019-03-12", "06:00", "18:00");
  auto accepted = scenario_.Register("officer", longest);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->session_ids_size(), 200);
  EXPECT_EQ(accepted->session_ids(199), "s200");
  v1::RegisterActivityRequest merged = ActivityRequest("hasselt", {"2025-01-04"});
  merged.set_municipality_nis_code("71072");
  EXPECT_TRUE(scenario_.Register("officer", merged).ok());
  EXPECT_EQ(scenario_.ActivityRecords(), 2);
}

TEST_F(ActivityCommandsTest, CommandsOnActivitiesAreCheckedAndWriteNothingWhenRefused) {
  // The clock stands at Monday 2019-01-07.
  auto registered =
      scenario_.Register("officer", ActivityRequest("r1", {"2019-01-05", "2019-01-12"}));
  ASSERT_TRUE(registered.ok()) << registered.status();
  const std::string id = registered->activity_id();
  const int64_t before = scenario_.ActivityRecords();

  auto expect = [](absl::Status status, absl::StatusCode code, const std::string& reason) {
    EXPECT_EQ(status.code(), code) << status;
    EXPECT_EQ(ReasonOf(status), reason) << status;
  };
  using Code = absl::StatusCode;
  const std::string unknown = "act-0000000000000000";
  expect(scenario_.CancelActivity("officer", unknown), Code::kNotFound, "ACTIVITY_NOT_FOUND");
  expect(scenario_.CancelSession("officer", unknown, "s1"), Code::kNotFound, "ACTIVITY_NOT_FOUND");
  expect(scenario_.ReportAttendance("officer", unknown, "s1", {{8, 1}}), Code::kNotFound,
         "ACTIVITY_NOT_FOUND");
  expect(scenario_.GetActivity("officer", unknown).status(), Code::kNotFound, "ACTIVITY_NOT_FOUND");
  expect(scenario_.CancelSession("officer", id, "s3"), Code::kNotFound, "SESSION_NOT_FOUND");
  expect(scenario_.ReportAttendance("officer", id, "s9", {{8, 1}}), Code::kNotFound,
         "SESSION_NOT_FOUND");
  expect(scenario_.CancelActivity("officer", id, ""), Code::kInvalidArgument, "REASON_MISSING");
  expect(scenario_.CancelSession("officer", id, "s1", "  "), Code::kInvalidArgument,
         "REASON_MISSING");
  expect(scenario_.ReportAttendance("officer", id, "s1", {{100, 1}}), Code::kInvalidArgument,
         "ATTENDANCE_INVALID");
  expect(scenario_.ReportAttendance("officer", id, "s1", {{-1, 1}}), Code::kInvalidArgument,
         "ATTENDANCE_INVALID");
  expect(scenario_.ReportAttendance("officer", id, "s1", {{8, 1}, {9, 2}, {8, 3}}),
         Code::kInvalidArgument, "ATTENDANCE_INVALID");
  expect(scenario_.ReportAttendance("officer", id, "s1", {{8, -2}}), Code::kInvalidArgument,
         "ATTENDANCE_INVALID");
  // Saturday 12 January is after today.
  expect(scenario_.ReportAttendance("officer", id, "s2", {{8, 1}}), Code::kFailedPrecondition,
         "SESSION_NOT_HELD");
  EXPECT_EQ(scenario_.ActivityRecords(), before);

  // On the day itself the session counts as held; an empty report says nobody came.
  scenario_.harness().AdvanceTo("2019-01-12T08:00:00Z");
  EXPECT_TRUE(scenario_.ReportAttendance("officer", id, "s2", {{8, 0}, {0, 1}}).ok());
  EXPECT_TRUE(scenario_.ReportAttendance("officer", id, "s1", {}).ok());

  ASSERT_TRUE(scenario_.CancelSession("officer", id, "s2").ok());
  const int64_t cancelled = scenario_.ActivityRecords();
  expect(scenario_.CancelSession("officer", id, "s2"), Code::kFailedPrecondition,
         "ALREADY_CANCELLED");
  ASSERT_TRUE(scenario_.CancelActivity("officer", id).ok());
  expect(scenario_.CancelActivity("officer", id), Code::kFailedPrecondition, "ALREADY_CANCELLED");
  expect(scenario_.CancelSession("officer", id, "s1"), Code::kFailedPrecondition,
         "ALREADY_CANCELLED");
  EXPECT_EQ(scenario_.ActivityRecords(), cancelled + 1);
}

TEST_F(ActivityCommandsTest, InvalidCalendarsAreRefusedAndWriteNothing) {
  auto calendar = [](const std::string& year, const std::string& first, const std::string& last) {
    v1::PublishSchoolCalendarRequest request;
    request.set_request_id("cal");
    request.set_school_year(year);
    v1::DateRange* range = request.add_holidays();
    range->set_first_day(first);
    range->set_last_day(last);
    range->set_name("herfstvakantie");
    return request;
  };
  for (const auto& request :
       {calendar("2019-2021", "2019-10-28", "2019-11-03"),
        calendar("2019/2020", "2019-10-28", "2019-11-03"), calendar("", "2019-10-28", "2019-11-03"),
        calendar("2019-2020", "2019-11-03", "2019-10-28"),
        calendar("2019-2020", "2019-08-31", "2019-09-06")}) {
    absl::Status status = Publish(request);
    EXPECT_EQ(ReasonOf(status), "CALENDAR_INVALID") << request.ShortDebugString();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  }
  // Dates are dates before they are a calendar's (rulebook section 1).
  EXPECT_EQ(ReasonOf(Publish(calendar("2019-2020", "2019-10-28", "2019-13-01"))), "DATE_INVALID");
  EXPECT_EQ(ReasonOf(Publish(calendar("2099-2100", "2099-10-28", "2099-11-03"))),
            "CALENDAR_INVALID");
  EXPECT_EQ(ReasonOf(Publish(calendar("1999-2000", "1999-10-28", "1999-11-03"))),
            "DATE_OUT_OF_RANGE");
  EXPECT_EQ(scenario_.ActivityRecords(), 0);
  EXPECT_TRUE(Publish(calendar("2019-2020", "2019-10-28", "2019-11-03")).ok());
  EXPECT_EQ(scenario_.ActivityRecords(), 1);
}

TEST_F(ActivityCommandsTest, AttendanceLocksAfterTheEarliestReportingDeadline) {
  // The subsidy service comes later: its periods are appended as it would write them.
  // Period 1's deadline is the earlier one for the dates both periods contain.
  scenario_.OpenPeriod("2019-1", "2019-01-01", "2019-06-30", "2019-07-15T22:00:00Z");
  scenario_.OpenPeriod("2019-late", "2019-06-01", "2019-12-31", "2020-01-15T23:00:00Z");
  auto registered = scenario_.Register(
      "officer", ActivityRequest("r1", {"2019-06-22", "2019-07-06", "2019-07-13"}));
  // Its June session was cancelled before the deadline; its July session stays open.
  auto other = scenario_.Register("officer", ActivityRequest("r2", {"2019-06-15", "2019-07-20"}));
  ASSERT_TRUE(registered.ok() && other.ok());
  const std::string id = registered->activity_id();

  scenario_.harness().AdvanceTo("2019-07-15T21:59:59Z");
  ASSERT_TRUE(scenario_.ReportAttendance("officer", id, "s1", {{8, 5}}).ok());
  ASSERT_TRUE(scenario_.CancelSession("officer", other->activity_id(), "s1").ok());

  scenario_.harness().AdvanceTo("2019-07-15T22:00:01Z");
  const int64_t before = scenario_.ActivityRecords();
  for (const absl::Status& status :
       {scenario_.ReportAttendance("officer", id, "s1", {{8, 6}}),
        scenario_.CancelSession("officer", id, "s1"), scenario_.CancelActivity("officer", id)}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_EQ(ReasonOf(status), "ATTENDANCE_LOCKED") << status;
  }
  EXPECT_EQ(scenario_.ActivityRecords(), before);
  // Sessions that only the later period contains stay open until its deadline.
  EXPECT_TRUE(scenario_.ReportAttendance("officer", id, "s2", {{8, 7}}).ok());
  EXPECT_TRUE(scenario_.CancelSession("officer", id, "s3").ok());
  EXPECT_TRUE(scenario_.CancelActivity("officer", other->activity_id()).ok());

  auto activity = scenario_.GetActivity("officer", id);
  ASSERT_TRUE(activity.ok()) << activity.status();
  ASSERT_EQ(activity->sessions(0).attendance_size(), 1);
  EXPECT_EQ(activity->sessions(0).attendance(0).participants(), 5);

  scenario_.harness().AdvanceTo("2020-01-16T00:00:00Z");
  EXPECT_EQ(ReasonOf(scenario_.ReportAttendance("officer", id, "s2", {{8, 8}})),
            "ATTENDANCE_LOCKED");
}

}  // namespace
}  // namespace stem::activity
