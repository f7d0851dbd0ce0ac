// ImportCommands: many activity commands on one stream, each answered as its own RPC would
// answer it, in the order sent, with an activity's commands decided in that order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "libs/service/testing/service_harness.h"
#include "services/activity/testing/activity_scenario.h"

namespace stem::activity {
namespace {

using service::testing::ServiceHarness;
using testing::ActivityRequest;
using testing::ActivityScenario;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kAcademy;
using testing::kOther;

const std::string kAcademyToken = std::string("academy-") + kAcademy;

// The answers of one import, after the whole stream was sent; the call's own status.
struct Imported {
  grpc::Status status;
  std::vector<v1::ImportCommandsResponse> answers;
};

Imported Import(ActivityScenario& scenario, const std::string& token,
                const std::vector<v1::ImportCommandsRequest>& items) {
  auto context = ServiceHarness::As(token);
  auto stream = scenario.activity().ImportCommands(context.get());
  for (const v1::ImportCommandsRequest& item : items) {
    if (!stream->Write(item)) break;
  }
  stream->WritesDone();
  Imported imported;
  v1::ImportCommandsResponse answer;
  while (stream->Read(&answer)) imported.answers.push_back(answer);
  imported.status = stream->Finish();
  return imported;
}

v1::ImportCommandsRequest Register(const v1::RegisterActivityRequest& request) {
  v1::ImportCommandsRequest item;
  *item.mutable_register_activity() = request;
  return item;
}

v1::ImportCommandsRequest Attendance(const std::string& request_id, const std::string& activity_id,
                                     const std::string& session_id, int age, int64_t count) {
  v1::ImportCommandsRequest item;
  v1::ReportAttendanceRequest* report = item.mutable_report_attendance();
  report->set_request_id(request_id);
  report->set_activity_id(activity_id);
  report->set_session_id(session_id);
  v1::AgeCount* counted = report->add_counts();
  counted->set_age(age);
  counted->set_participants(count);
  return item;
}

std::string ReasonOf(const google::rpc::Status& status) {
  return stem::ReasonOf(rpc::FromRpcStatus(status));
}

class ActivityImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(scenario_.PublishCalendar("2018-2019").ok());
    ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
    calendar_records_ = scenario_.ActivityRecords();
  }
  // Records in the activity topic written by the imports.
  int64_t ImportedRecords() { return scenario_.ActivityRecords() - calendar_records_; }

  ActivityScenario scenario_;
  int64_t calendar_records_ = 0;
};

TEST_F(ActivityImportTest, AnswersEveryItemInOrderAsItsOwnRpcWouldAndWritesNothingForTheRefused) {
  v1::RegisterActivityRequest untitled = ActivityRequest("r-untitled", {"2019-03-12"});
  untitled.set_title("  ");
  const Imported imported =
      Import(scenario_, kAcademyToken,
             {Register(ActivityRequest("r1", {"2019-03-12", "2019-03-19"})),
              Register(untitled),                                            // TITLE_MISSING
              v1::ImportCommandsRequest(),                                   // COMMAND_MISSING
              Register(ActivityRequest("r-other", {"2019-03-12"}, kOther)),  // NOT_OWN_ACADEMY
              Register(ActivityRequest("r2", {"2019-03-13"})),
              Register(ActivityRequest("r1", {"2019-03-12", "2019-03-19"}))});  // repeated
  ASSERT_TRUE(imported.status.ok()) << imported.status.error_message();
  ASSERT_EQ(imported.answers.size(), 6u);
  for (size_t i = 0; i < imported.answers.size(); ++i) {
    EXPECT_EQ(imported.answers[i].index(), static_cast<int64_t>(i));
  }
  const auto& first = imported.answers[0];
  EXPECT_EQ(first.status().code(), 0) << first.status().message();
  EXPECT_THAT(first.register_activity().session_ids(), ElementsAre("s1", "s2"));
  EXPECT_EQ(first.register_activity().version(), 1);
  // Its consistency token names the activity topic, as the unary RPC's metadata does.
  EXPECT_THAT(first.consistency_token(), HasSubstr("stem.activity.events/"));
  EXPECT_EQ(imported.answers[1].consistency_token(), "");
  EXPECT_EQ(ReasonOf(imported.answers[1].status()), "TITLE_MISSING");
  EXPECT_FALSE(imported.answers[1].has_register_activity());
  EXPECT_EQ(ReasonOf(imported.answers[2].status()), "COMMAND_MISSING");
  EXPECT_EQ(ReasonOf(imported.answers[3].status()), "NOT_OWN_ACADEMY");
  EXPECT_EQ(imported.answers[4].status().code(), 0);
  EXPECT_EQ(imported.answers[5].status().code(), 0);
  EXPECT_EQ(imported.answers[5].register_activity().activity_id(),
            first.register_activity().activity_id());
  EXPECT_EQ(ImportedRecords(), 2);

  // The import and the unary RPC share request ids: the same request is the same command.
  auto again = scenario_.Register(kAcademyToken, ActivityRequest("r2", {"2019-03-13"}));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->activity_id(), imported.answers[4].register_activity().activity_id());
  EXPECT_EQ(ImportedRecords(), 2);
}

TEST_F(ActivityImportTest, AnActivitysCommandsAreDecidedInTheOrderSent) {
  auto registered = scenario_.Register(kAcademyToken, ActivityRequest("r1", {"2019-03-12"}));
  ASSERT_TRUE(registered.ok()) << registered.status();
  const std::string id = registered->activity_id();
  scenario_.harness().AdvanceTo("2019-03-12T17:30:00Z");
  // Each report replaces the one before: the last one sent stands.
  std::vector<v1::ImportCommandsRequest> items;
  for (int64_t count = 1; count <= 5; ++count) {
    items.push_back(Attendance("a" + std::to_string(count), id, "s1", 9, count));
  }
  const Imported imported = Import(scenario_, kAcademyToken, items);
  ASSERT_TRUE(imported.status.ok()) << imported.status.error_message();
  ASSERT_EQ(imported.answers.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(imported.answers[i].status().code(), 0) << imported.answers[i].status().message();
    EXPECT_EQ(imported.answers[i].report_attendance().version(), 2 + i);
  }
  auto activity = scenario_.GetActivity("officer", id);
  ASSERT_TRUE(activity.ok()) << activity.status();
  ASSERT_EQ(activity->sessions(0).attendance_size(), 1);
  EXPECT_EQ(activity->sessions(0).attendance(0).participants(), 5);
}

TEST_F(ActivityImportTest, AnImportLeavesTheStateItsCommandsOneByOneLeave) {
  ActivityScenario one_by_one;
  ASSERT_TRUE(one_by_one.PublishCalendar("2018-2019").ok());
  ASSERT_TRUE(one_by_one.Recognise(kAcademy).ok());
  std::vector<v1::ImportCommandsRequest> items;
  std::vector<std::string> ids;
  for (int n = 0; n < 40; ++n) {
    const v1::RegisterActivityRequest request =
        ActivityRequest("r" + std::to_string(n), {"2019-03-12", "2019-03-19"});
    items.push_back(Register(request));
    auto registered = one_by_one.Register(kAcademyToken, request);
    ASSERT_TRUE(registered.ok()) << registered.status();
    ids.push_back(registered->activity_id());
  }
  ASSERT_TRUE(Import(scenario_, kAcademyToken, items).status.ok());
  scenario_.harness().AdvanceTo("2019-03-20T12:00:00Z");
  one_by_one.harness().AdvanceTo("2019-03-20T12:00:00Z");
  items.clear();
  for (int n = 0; n < 40; ++n) {
    for (const char* session : {"s1", "s2"}) {
      const std::string request_id = "a" + std::to_string(n) + session;
      items.push_back(Attendance(request_id, ids[n], session, 6 + n % 10, 1 + n));
      ASSERT_TRUE(
          one_by_one
              .ReportAttendance(kAcademyToken, ids[n], session, {{6 + n % 10, 1 + n}}, request_id)
              .ok());
    }
  }
  const Imported imported = Import(scenario_, kAcademyToken, items);
  ASSERT_TRUE(imported.status.ok());
  for (const auto& answer : imported.answers) {
    EXPECT_EQ(answer.status().code(), 0) << answer.status().message();
  }
  scenario_.CatchUp();
  one_by_one.CatchUp();
  auto imported_minutes = scenario_.ChildMinutesOf(kAcademy, "2019-03-01", "2019-03-31");
  auto expected_minutes = one_by_one.ChildMinutesOf(kAcademy, "2019-03-01", "2019-03-31");
  ASSERT_TRUE(imported_minutes.ok() && expected_minutes.ok());
  EXPECT_GT(expected_minutes->total_child_minutes(), 0);
  EXPECT_EQ(imported_minutes->total_child_minutes(), expected_minutes->total_child_minutes());
  EXPECT_EQ(imported_minutes->sessions_counted(), 80);
  EXPECT_EQ(scenario_.ActivityRecords(), one_by_one.ActivityRecords());
}

// A client may wait for each answer before it sends the next item.
TEST_F(ActivityImportTest, EachItemIsAnsweredWithoutWaitingForTheStreamToEnd) {
  auto context = ServiceHarness::As(kAcademyToken);
  auto stream = scenario_.activity().ImportCommands(context.get());
  for (int n = 0; n < 3; ++n) {
    ASSERT_TRUE(stream->Write(Register(ActivityRequest("r" + std::to_string(n), {"2019-03-12"}))));
    v1::ImportCommandsResponse answer;
    ASSERT_TRUE(stream->Read(&answer));
    EXPECT_EQ(answer.index(), n);
    EXPECT_EQ(answer.status().code(), 0) << answer.status().message();
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(ImportedRecords(), 3);
}

TEST_F(ActivityImportTest, ACallerWithoutAnImportRoleIsRefusedBeforeAnyItem) {
  const Imported imported =
      Import(scenario_, "auditor", {Register(ActivityRequest("r1", {"2019-03-12"}))});
  EXPECT_EQ(imported.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(imported.answers.empty());
  EXPECT_EQ(ImportedRecords(), 0);
}

TEST_F(ActivityImportTest, AnItemBeyondTheLimitsOfARequestIsRefusedAlone) {
  v1::ImportCommandsRequest crowded = Attendance("a1", "act-x", "s1", 9, 1);
  while (crowded.report_attendance().counts_size() <= 100) {
    *crowded.mutable_report_attendance()->add_counts() = crowded.report_attendance().counts(0);
  }
  const Imported imported =
      Import(scenario_, kAcademyToken, {crowded, Register(ActivityRequest("r1", {"2019-03-12"}))});
  ASSERT_TRUE(imported.status.ok());
  ASSERT_EQ(imported.answers.size(), 2u);
  EXPECT_EQ(ReasonOf(imported.answers[0].status()), "TOO_MANY");
  EXPECT_EQ(imported.answers[1].status().code(), 0);
  EXPECT_EQ(ImportedRecords(), 1);
}

}  // namespace
}  // namespace stem::activity
