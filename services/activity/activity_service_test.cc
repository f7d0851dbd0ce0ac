// The activity service through a real gRPC channel, next to the recognition read model, over
// the embedded log and RocksDB: the rulebook's example end to end, idempotency and the
// pagination of child-minutes. (Reason codes: activity_commands_test.cc; roles:
// activity_roles_test.cc; why sessions count 0: activity_child_minutes_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "contexts/activity/school_calendars.h"
#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "libs/service/call.h"
#include "libs/service/testing/service_harness.h"
#include "services/activity/testing/activity_scenario.h"

namespace stem::activity {
namespace {

using testing::ActivityRequest;
using testing::ActivityScenario;
using ::testing::ElementsAre;
using testing::kAcademy;
using testing::kOther;

const std::string kAcademyToken = std::string("academy-") + kAcademy;

class ActivityServiceTest : public ::testing::Test {
 protected:
  ActivityScenario scenario_;
};

TEST_F(ActivityServiceTest, RulebookExampleEndToEnd) {
  ASSERT_TRUE(scenario_.PublishCalendar("2018-2019").ok());
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  // Tuesday 12 March 2019 (a school day), 15:00-17:00.
  auto registered = scenario_.Register(kAcademyToken, ActivityRequest("r1", {"2019-03-12"}));
  ASSERT_TRUE(registered.ok()) << registered.status();
  EXPECT_THAT(registered->session_ids(), ElementsAre("s1"));
  EXPECT_EQ(registered->version(), 1);

  scenario_.harness().AdvanceTo("2019-03-12T17:30:00Z");  // 18:30 in Brussels
  ASSERT_TRUE(scenario_
                  .ReportAttendance(kAcademyToken, registered->activity_id(), "s1",
                                    {{4, 2}, {8, 10}, {12, 5}, {19, 1}})
                  .ok());
  scenario_.CatchUp();

  auto minutes = scenario_.ChildMinutesOf(kAcademy, "2019-03-01", "2019-03-31");
  ASSERT_TRUE(minutes.ok()) << minutes.status();
  ASSERT_EQ(minutes->sessions_size(), 1);
  const v1::SessionChildMinutes& session = minutes->sessions(0);
  EXPECT_EQ(session.activity_id(), registered->activity_id());
  EXPECT_EQ(session.session_id(), "s1");
  EXPECT_EQ(session.academy_kbo(), kAcademy);
  EXPECT_EQ(session.municipality_nis_code(), "11002");
  EXPECT_EQ(session.date(), "2019-03-12");
  EXPECT_EQ(session.eligible_participants(), 15);
  EXPECT_EQ(session.eligible_minutes(), 60);
  EXPECT_EQ(session.child_minutes(), 900);
  EXPECT_EQ(session.zero_reason(), v1::ZERO_REASON_UNSPECIFIED);
  EXPECT_EQ(minutes->total_child_minutes(), 900);
  EXPECT_EQ(minutes->sessions_counted(), 1);
  EXPECT_TRUE(minutes->next_page_token().empty());

  // The activity itself shows the report (counts per age only) and the same breakdown.
  auto activity = scenario_.GetActivity(kAcademyToken, registered->activity_id());
  ASSERT_TRUE(activity.ok()) << activity.status();
  EXPECT_EQ(activity->academy_kbo(), kAcademy);
  EXPECT_EQ(activity->version(), 2);
  ASSERT_EQ(activity->sessions_size(), 1);
  ASSERT_EQ(activity->sessions(0).attendance_size(), 4);
  EXPECT_EQ(activity->sessions(0).attendance(3).age(), 19);
  EXPECT_EQ(activity->sessions(0).child_minutes().child_minutes(), 900);

  // A new report replaces the earlier one.
  ASSERT_TRUE(
      scenario_.ReportAttendance(kAcademyToken, registered->activity_id(), "s1", {{8, 3}}).ok());
  minutes = scenario_.ChildMinutesOf(kAcademy, "2019-03-12", "2019-03-12");
  ASSERT_TRUE(minutes.ok()) << minutes.status();
  EXPECT_EQ(minutes->total_child_minutes(), 180);
}

// "topic/partition=offset,..." back to positions; fails the test on a malformed entry.
eventlog::Positions ParseLogPositions(const std::string& formatted) {
  eventlog::Positions positions;
  for (absl::string_view entry : absl::StrSplit(formatted, ',', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> at = absl::StrSplit(entry, '=');
    const size_t slash = at.first.rfind('/');
    int32_t partition = 0;
    int64_t offset = 0;
    EXPECT_TRUE(slash != absl::string_view::npos &&
                absl::SimpleAtoi(at.first.substr(slash + 1), &partition) &&
                absl::SimpleAtoi(at.second, &offset))
        << entry;
    positions[{std::string(at.first.substr(0, slash)), partition}] = offset;
  }
  return positions;
}

// A query names the log positions its answer reflects: those of the store it read, which
// cover every fact of the activity topic once the projection caught up.
TEST_F(ActivityServiceTest, AnswersNameTheLogPositionsTheyReflect) {
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  auto registered = scenario_.Register(kAcademyToken, ActivityRequest("r1", {"2019-03-12"}));
  ASSERT_TRUE(registered.ok()) << registered.status();
  scenario_.CatchUp();

  v1::GetActivityRequest request;
  request.set_activity_id(registered->activity_id());
  v1::GetActivityResponse response;
  auto context = service::testing::ServiceHarness::As(kAcademyToken);
  ASSERT_TRUE(scenario_.activity().GetActivity(context.get(), request, &response).ok());
  const auto& metadata = context->GetServerInitialMetadata();
  auto found = metadata.find(service::kLogPositionsMetadata);
  ASSERT_NE(found, metadata.end());
  const eventlog::Positions named =
      ParseLogPositions(std::string(found->second.data(), found->second.size()));

  auto stored = scenario_.harness().runtime(1).store().StoredPositions();
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(named, *stored);
  const std::string& topic = scenario_.harness().topics().activity;
  int64_t activity_facts = 0;
  for (const auto& [partition, next_offset] : named) {
    if (partition.topic == topic) activity_facts += next_offset;
  }
  EXPECT_EQ(activity_facts, scenario_.harness().RecordCount(topic));
  EXPECT_GT(activity_facts, 0);
}

TEST_F(ActivityServiceTest, RetriedRequestsAreAnsweredOnce) {
  const v1::RegisterActivityRequest request = ActivityRequest("same", {"2019-01-05", "2019-01-12"});
  auto first = scenario_.Register(kAcademyToken, request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->activity_id().rfind("act-", 0), 0u);
  EXPECT_EQ(first->activity_id().size(), 20u);
  EXPECT_THAT(first->session_ids(), ElementsAre("s1", "s2"));
  const int64_t after_first = scenario_.ActivityRecords();

  // The same request again: the same activity, nothing written. The id depends on the
  // academy and the request id only, so an officer's retry for the academy finds it too.
  for (const char* token : {"academy-0123456749", "officer"}) {
    auto again = scenario_.Register(token, request);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->activity_id(), first->activity_id());
    EXPECT_THAT(again->session_ids(), ElementsAre("s1", "s2"));
    EXPECT_EQ(again->version(), first->version());
  }
  EXPECT_EQ(scenario_.ActivityRecords(), after_first);

  // The same request id for a different request is refused.
  v1::RegisterActivityRequest different = request;
  different.set_title("Another title");
  EXPECT_EQ(ReasonOf(scenario_.Register(kAcademyToken, different).status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(scenario_.ActivityRecords(), after_first);

  // Another academy's request with the same id is another activity.
  auto other = scenario_.Register("officer", ActivityRequest("same", {"2019-01-05"}, kOther));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_NE(other->activity_id(), first->activity_id());

  // A retried attendance report is answered once as well.
  ASSERT_TRUE(
      scenario_.ReportAttendance(kAcademyToken, first->activity_id(), "s1", {{9, 4}}, "report-1")
          .ok());
  const int64_t after_report = scenario_.ActivityRecords();
  EXPECT_TRUE(
      scenario_.ReportAttendance(kAcademyToken, first->activity_id(), "s1", {{9, 4}}, "report-1")
          .ok());
  EXPECT_EQ(scenario_.ActivityRecords(), after_report);
  auto activity = scenario_.GetActivity("officer", first->activity_id());
  ASSERT_TRUE(activity.ok()) << activity.status();
  EXPECT_EQ(activity->version(), 2);
}

TEST_F(ActivityServiceTest, ExpectedVersionGuardsAgainstStaleCommands) {
  auto registered = scenario_.Register(kAcademyToken, ActivityRequest("r1", {"2019-01-05"}));
  ASSERT_TRUE(registered.ok()) << registered.status();
  v1::CancelActivityRequest cancel;
  cancel.set_request_id("c1");
  cancel.set_activity_id(registered->activity_id());
  cancel.set_reason("no venue");
  cancel.set_expected_version(0);
  v1::CancelActivityResponse response;
  absl::Status stale = rpc::FromGrpcStatus(scenario_.activity().CancelActivity(
      service::testing::ServiceHarness::As("officer").get(), cancel, &response));
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale), "VERSION_CONFLICT");
  cancel.set_expected_version(1);
  EXPECT_TRUE(
      scenario_.activity()
          .CancelActivity(service::testing::ServiceHarness::As("officer").get(), cancel, &response)
          .ok());
  EXPECT_EQ(response.version(), 2);
}

TEST_F(ActivityServiceTest, ChildMinutesArePaginatedWithTotalsOverEveryPage) {
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  ASSERT_TRUE(scenario_.Recognise(kOther).ok());
  // Saturdays: every minute is outside school hours.
  const std::vector<std::string> saturdays = {"2019-01-12", "2019-01-19", "2019-01-26",
                                              "2019-02-02", "2019-02-09"};
  auto mine = scenario_.Register("officer", ActivityRequest("a", saturdays));
  auto theirs =
      scenario_.Register("officer", ActivityRequest("b", {"2019-01-12", "2019-01-19"}, kOther));
  v1::RegisterActivityRequest elsewhere = ActivityRequest("c", {"2019-01-26"}, kOther);
  elsewhere.set_municipality_nis_code("44021");
  auto in_gent = scenario_.Register("officer", elsewhere);
  ASSERT_TRUE(mine.ok() && theirs.ok() && in_gent.ok());
  scenario_.harness().AdvanceTo("2019-02-10T10:00:00Z");
  for (const std::string& session : mine->session_ids()) {
    ASSERT_TRUE(
        scenario_.ReportAttendance("officer", mine->activity_id(), session, {{10, 1}}).ok());
  }
  ASSERT_TRUE(scenario_.ReportAttendance("officer", theirs->activity_id(), "s2", {{10, 2}}).ok());
  ASSERT_TRUE(scenario_.ReportAttendance("officer", in_gent->activity_id(), "s1", {{10, 5}}).ok());
  scenario_.CatchUp();

  v1::GetChildMinutesRequest request;
  request.set_municipality_nis_code("11002");
  request.set_from_date("2019-01-01");
  request.set_to_date("2019-12-31");
  request.set_page_size(2);
  std::vector<std::string> seen;
  int pages = 0;
  for (;;) {
    auto page = scenario_.ChildMinutes("auditor", request);
    ASSERT_TRUE(page.ok()) << page.status();
    ++pages;
    // 5 x 120 + 2 x 120: the Gent activity is filtered out, the unreported session is 0.
    EXPECT_EQ(page->total_child_minutes(), 840);
    EXPECT_EQ(page->sessions_counted(), 6);
    EXPECT_LE(page->sessions_size(), 2);
    for (const auto& session : page->sessions()) {
      seen.push_back(session.academy_kbo() + " " + session.date());
    }
    if (page->next_page_token().empty()) break;
    request.set_page_token(page->next_page_token());
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 4);
  EXPECT_THAT(seen,
              ElementsAre("0123456749 2019-01-12", "0123456749 2019-01-19", "0123456749 2019-01-26",
                          "0123456749 2019-02-02", "0123456749 2019-02-09", "0200000043 2019-01-12",
                          "0200000043 2019-01-19"));

  request.set_page_token("garbage");
  EXPECT_EQ(ReasonOf(scenario_.ChildMinutes("auditor", request).status()), "PAGE_TOKEN_INVALID");
  request.set_page_token("");
  request.set_page_size(501);
  EXPECT_EQ(ReasonOf(scenario_.ChildMinutes("auditor", request).status()), "PAGE_SIZE_INVALID");

  // The date range and the academy narrow the totals too.
  request.set_page_size(0);
  request.set_academy_kbo(kOther);
  request.set_municipality_nis_code("");
  request.set_from_date("2019-01-19");
  request.set_to_date("2019-01-26");
  auto narrowed = scenario_.ChildMinutes("officer", request);
  ASSERT_TRUE(narrowed.ok()) << narrowed.status();
  EXPECT_EQ(narrowed->sessions_size(), 2);
  EXPECT_EQ(narrowed->total_child_minutes(), 240 + 600);
}

// What the tests of the contexts that build on activities append in place of this service
// (contexts/activity/testing/activity_facts.h) is what it writes.
TEST_F(ActivityServiceTest, WritesTheFactsOtherContextsTestsAppend) {
  ASSERT_TRUE(scenario_.PublishCalendar("2018-2019").ok());
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  const v1::RegisterActivityRequest request = ActivityRequest("r1", {"2019-03-12", "2019-03-19"});
  ASSERT_TRUE(scenario_.Register(kAcademyToken, request).ok());
  auto expected_activity = testing::RegisteredActivity(request);
  ASSERT_TRUE(expected_activity.ok()) << expected_activity.status();
  const std::string& id = expected_activity->activity_id();
  scenario_.harness().AdvanceTo("2019-03-12T17:30:00Z");
  ASSERT_TRUE(scenario_.ReportAttendance(kAcademyToken, id, "s1", {{12, 3}, {9, 4}}).ok());
  ASSERT_TRUE(scenario_.CancelActivity(kAcademyToken, id, "no venue").ok());

  auto calendar = testing::CalendarRequest("2018-2019", "c1");
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  auto expected_calendar = ValidateCalendarRequest(*calendar);
  auto expected_attendance = testing::ReportedAttendance(id, "s1", {{12, 3}, {9, 4}});
  ASSERT_TRUE(expected_calendar.ok() && expected_attendance.ok());
  v1::ActivityCancelled expected_cancellation;
  expected_cancellation.set_activity_id(id);
  expected_cancellation.set_reason("no venue");
  // Compared as packed payloads: the type and the bytes.
  std::vector<std::string> expected;
  for (const google::protobuf::Message* fact :
       std::initializer_list<const google::protobuf::Message*>{
           &*expected_calendar, &*expected_activity, &*expected_attendance,
           &expected_cancellation}) {
    google::protobuf::Any packed;
    packed.PackFrom(*fact);
    expected.push_back(packed.SerializeAsString());
  }

  std::vector<std::string> written;
  for (const events::v1::EventEnvelope& fact :
       scenario_.harness().Facts(scenario_.topics().activity)) {
    written.push_back(fact.payload().SerializeAsString());
  }
  // Per partition in offset order: the calendar and the activity may sit in different ones.
  std::sort(written.begin(), written.end());
  std::vector<std::string> sorted_expected = expected;
  std::sort(sorted_expected.begin(), sorted_expected.end());
  EXPECT_EQ(written, sorted_expected);
}

}  // namespace
}  // namespace stem::activity
