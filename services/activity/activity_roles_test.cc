// Who may do what with activities (rulebook section 8), through the public API.
#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "services/activity/testing/activity_scenario.h"

namespace stem::activity {
namespace {

using service::testing::ServiceHarness;
using testing::ActivityRequest;
using testing::ActivityScenario;
using testing::kAcademy;
using testing::kOther;

const std::string kAcademyToken = std::string("academy-") + kAcademy;
const std::string kOtherToken = std::string("academy-") + kOther;

class ActivityRolesTest : public ::testing::Test {
 protected:
  // An activity of kAcademy in Antwerpen on Saturday 5 January 2019 (before the clock).
  std::string RegisterOne(const std::string& request_id = "mine") {
    auto registered =
        scenario_.Register(kAcademyToken, ActivityRequest(request_id, {"2019-01-05"}));
    EXPECT_TRUE(registered.ok()) << registered.status();
    return registered.ok() ? registered->activity_id() : "";
  }

  ActivityScenario scenario_;
};

TEST_F(ActivityRolesTest, AnAcademyRegistersForItselfAndAnOfficerForAnyAcademy) {
  absl::Status other =
      scenario_.Register(kOtherToken, ActivityRequest("r", {"2019-01-05"})).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(other), "NOT_OWN_ACADEMY");
  for (const char* token : {"municipality-11002", "auditor", "operator"}) {
    absl::Status status = scenario_.Register(token, ActivityRequest("r", {"2019-01-05"})).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << token;
    EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED") << token;
  }
  EXPECT_EQ(ReasonOf(scenario_.Register("", ActivityRequest("r", {"2019-01-05"})).status()),
            "IDENTITY_MISSING");
  EXPECT_EQ(ReasonOf(scenario_.Register("forged", ActivityRequest("r", {"2019-01-05"})).status()),
            "IDENTITY_UNKNOWN");
  EXPECT_EQ(scenario_.ActivityRecords(), 0);

  EXPECT_TRUE(scenario_.Register(kAcademyToken, ActivityRequest("r1", {"2019-01-05"})).ok());
  EXPECT_TRUE(scenario_.Register("officer", ActivityRequest("r2", {"2019-01-05"}, kOther)).ok());
  EXPECT_EQ(scenario_.ActivityRecords(), 2);
}

TEST_F(ActivityRolesTest, OnlyTheOwningAcademyOrAnOfficerCommandsAnActivity) {
  const std::string id = RegisterOne();
  const int64_t before = scenario_.ActivityRecords();
  EXPECT_EQ(ReasonOf(scenario_.ReportAttendance(kOtherToken, id, "s1", {{8, 1}})),
            "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.CancelSession(kOtherToken, id, "s1")), "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.CancelActivity(kOtherToken, id)), "NOT_OWN_ACADEMY");
  for (const char* token : {"municipality-11002", "auditor", "operator"}) {
    EXPECT_EQ(ReasonOf(scenario_.ReportAttendance(token, id, "s1", {{8, 1}})), "ROLE_NOT_ALLOWED")
        << token;
    EXPECT_EQ(ReasonOf(scenario_.CancelSession(token, id, "s1")), "ROLE_NOT_ALLOWED") << token;
    EXPECT_EQ(ReasonOf(scenario_.CancelActivity(token, id)), "ROLE_NOT_ALLOWED") << token;
  }
  EXPECT_EQ(scenario_.ActivityRecords(), before);

  EXPECT_TRUE(scenario_.ReportAttendance(kAcademyToken, id, "s1", {{8, 1}}).ok());
  EXPECT_TRUE(scenario_.ReportAttendance("officer", id, "s1", {{8, 2}}).ok());
  EXPECT_TRUE(scenario_.CancelSession("officer", id, "s1").ok());
  EXPECT_TRUE(scenario_.CancelActivity(kAcademyToken, id).ok());
  EXPECT_EQ(scenario_.ActivityRecords(), before + 4);
}

TEST_F(ActivityRolesTest, OnlyOfficersPublishSchoolCalendars) {
  for (const char* token : {"academy-0123456749", "municipality-11002", "auditor", "operator"}) {
    EXPECT_EQ(ReasonOf(scenario_.PublishCalendar("2018-2019", token)), "ROLE_NOT_ALLOWED") << token;
  }
  EXPECT_EQ(scenario_.ActivityRecords(), 0);
  EXPECT_TRUE(scenario_.PublishCalendar("2018-2019").ok());
  EXPECT_EQ(scenario_.ActivityRecords(), 1);
}

TEST_F(ActivityRolesTest, WhoReadsAnActivity) {
  const std::string id = RegisterOne();
  for (const char* token : {"officer", "auditor", "academy-0123456749", "municipality-11002"}) {
    EXPECT_TRUE(scenario_.GetActivity(token, id).ok()) << token;
  }
  EXPECT_EQ(ReasonOf(scenario_.GetActivity(kOtherToken, id).status()), "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.GetActivity("municipality-44021", id).status()),
            "NOT_OWN_MUNICIPALITY");
  EXPECT_EQ(ReasonOf(scenario_.GetActivity("operator", id).status()), "ROLE_NOT_ALLOWED");

  // Across the 2025 mergers a municipality sees what took place on its territory before:
  // Hasselt (71072 since 2025) absorbed Kortessem (73040).
  v1::RegisterActivityRequest kortessem = ActivityRequest("kortessem", {"2019-01-05"});
  kortessem.set_municipality_nis_code("73040");
  auto registered = scenario_.Register(kAcademyToken, kortessem);
  ASSERT_TRUE(registered.ok()) << registered.status();
  EXPECT_TRUE(scenario_.GetActivity("municipality-71072", registered->activity_id()).ok());
  EXPECT_EQ(
      ReasonOf(scenario_.GetActivity("municipality-11002", registered->activity_id()).status()),
      "NOT_OWN_MUNICIPALITY");
}

TEST_F(ActivityRolesTest, WhoReadsChildMinutes) {
  RegisterOne();
  v1::RegisterActivityRequest gent = ActivityRequest("gent", {"2019-01-05"}, kOther);
  gent.set_municipality_nis_code("44021");
  v1::RegisterActivityRequest kortessem = ActivityRequest("kortessem", {"2019-01-05"}, kOther);
  kortessem.set_municipality_nis_code("73040");
  ASSERT_TRUE(scenario_.Register("officer", gent).ok());
  ASSERT_TRUE(scenario_.Register("officer", kortessem).ok());

  auto sessions_seen_by = [&](const std::string& token, const std::string& academy,
                              const std::string& municipality) -> absl::StatusOr<std::string> {
    v1::GetChildMinutesRequest request;
    request.set_academy_kbo(academy);
    request.set_municipality_nis_code(municipality);
    request.set_from_date("2019-01-01");
    request.set_to_date("2019-01-31");
    auto response = scenario_.ChildMinutes(token, request);
    if (!response.ok()) return response.status();
    std::string seen;
    for (const auto& session : response->sessions()) {
      seen += session.academy_kbo() + "@" + session.municipality_nis_code() + " ";
    }
    return seen;
  };
  const std::string everything = "0123456749@11002 0200000043@44021 0200000043@73040 ";
  EXPECT_EQ(*sessions_seen_by("officer", "", ""), everything);
  EXPECT_EQ(*sessions_seen_by("auditor", "", ""), everything);
  // An academy and a municipality see their own, whatever they ask.
  EXPECT_EQ(*sessions_seen_by(kAcademyToken, "", ""), "0123456749@11002 ");
  EXPECT_EQ(*sessions_seen_by("municipality-44021", "", ""), "0200000043@44021 ");
  EXPECT_EQ(*sessions_seen_by("municipality-71072", "", ""), "0200000043@73040 ");
  EXPECT_EQ(*sessions_seen_by("municipality-11002", "", "11002"), "0123456749@11002 ");
  EXPECT_EQ(ReasonOf(sessions_seen_by(kAcademyToken, kOther, "").status()), "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(sessions_seen_by("municipality-11002", "", "44021").status()),
            "NOT_OWN_MUNICIPALITY");
  EXPECT_EQ(ReasonOf(sessions_seen_by("operator", "", "").status()), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ReasonOf(sessions_seen_by("officer", "0123456748", "").status()), "KBO_INVALID");
  EXPECT_EQ(ReasonOf(sessions_seen_by("officer", "", "21004").status()), "MUNICIPALITY_UNKNOWN");

  v1::GetChildMinutesRequest request;
  request.set_from_date("2019-01-01");
  EXPECT_EQ(ReasonOf(scenario_.ChildMinutes("officer", request).status()), "DATE_RANGE_INVALID");
  request.set_to_date("2018-12-31");
  EXPECT_EQ(ReasonOf(scenario_.ChildMinutes("officer", request).status()), "DATE_RANGE_INVALID");
}

}  // namespace
}  // namespace stem::activity
