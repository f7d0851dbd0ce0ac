// Reports through the public API: the order of interim and final reports, resubmission
// after a rejection, every reason a report or its decision is refused for, overdue reports
// on dates, and the approval reaching the activity read model (no double funding).
#include <gtest/gtest.h>

#include <functional>

#include "libs/common/error.h"
#include "services/partnership/testing/partnership_scenario.h"

namespace stem::partnership {
namespace {

using testing::ApplicationRequest;
using testing::kAcademy;
using testing::kOther;
using testing::kStranger;
using testing::PartnershipScenario;
using testing::ReportRequest;

const std::string kLeadToken = std::string("academy-") + kAcademy;

class PartnershipReportsTest : public ::testing::Test {
 protected:
  // kAcademy's partnership, approved on 3 June 2019 from 1 September 2019 to 31 August
  // 2021: interim report due 2020-09-01, final report due 2021-11-30.
  void SetUp() override {
    id_ = scenario_.OpenRecogniseAndApply();
    scenario_.ApproveFrom(id_, "2019-09-01");
  }

  absl::StatusOr<std::string> Report(v1::ReportKind kind, const std::string& token = kLeadToken) {
    auto submitted =
        scenario_.SubmitReport(token, ReportRequest(scenario_.NextRequestId(), id_, kind));
    if (!submitted.ok()) return submitted.status();
    return submitted->report_id();
  }

  // The overdue reports listed on `date` as `token` sees them, "<kind>:<status>:<days>"
  // per line, across every page.
  std::vector<std::string> Overdue(const std::string& date, const std::string& token = "officer") {
    std::vector<std::string> lines;
    v1::ListOverdueReportsRequest request;
    request.set_date(date);
    request.set_page_size(1);
    for (int page = 0; page < 10; ++page) {
      auto response = scenario_.ListOverdueReports(token, request);
      EXPECT_TRUE(response.ok()) << response.status();
      if (!response.ok()) break;
      for (const v1::OverdueReport& report : response->reports()) {
        lines.push_back(report.partnership_id() + ":" + v1::ReportKind_Name(report.kind()) + ":" +
                        v1::ObligationStatus_Name(report.status()) + ":" +
                        std::to_string(report.days_overdue()));
      }
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    return lines;
  }

  PartnershipScenario scenario_;
  std::string id_;
};

TEST_F(PartnershipReportsTest, TheInterimReportComesFirstAndARejectedReportIsResubmitted) {
  auto expect = [](absl::Status status, absl::StatusCode code, const std::string& reason) {
    EXPECT_EQ(status.code(), code) << status;
    EXPECT_EQ(ReasonOf(status), reason) << status;
  };
  using Code = absl::StatusCode;
  const int64_t approved = scenario_.Records();
  expect(Report(v1::REPORT_KIND_INTERIM).status(), Code::kFailedPrecondition,
         "PROJECT_NOT_STARTED");

  scenario_.harness().AdvanceTo("2020-08-03T08:00:00Z");
  expect(Report(v1::REPORT_KIND_FINAL).status(), Code::kFailedPrecondition, "INTERIM_FIRST");
  EXPECT_EQ(scenario_.Records(), approved);
  auto interim = Report(v1::REPORT_KIND_INTERIM);
  ASSERT_TRUE(interim.ok()) << interim.status();
  EXPECT_EQ(*interim, "interim-2");
  const int64_t submitted = scenario_.Records();
  expect(Report(v1::REPORT_KIND_INTERIM).status(), Code::kFailedPrecondition, "REPORT_PENDING");
  expect(Report(v1::REPORT_KIND_FINAL).status(), Code::kFailedPrecondition, "INTERIM_FIRST");
  expect(scenario_.RejectReport(id_, *interim, ""), Code::kInvalidArgument, "REASON_MISSING");
  expect(scenario_.ApproveReport(id_, "interim-9"), Code::kNotFound, "REPORT_NOT_FOUND");
  expect(scenario_.ApproveReport("ptn-0000000000000000", *interim), Code::kNotFound,
         "APPLICATION_NOT_FOUND");
  EXPECT_EQ(scenario_.Records(), submitted);

  ASSERT_TRUE(scenario_.RejectReport(id_, *interim, "no figures per municipality").ok());
  expect(scenario_.RejectReport(id_, *interim, "again"), Code::kFailedPrecondition,
         "REPORT_ALREADY_DECIDED");
  expect(scenario_.ApproveReport(id_, *interim), Code::kFailedPrecondition,
         "REPORT_ALREADY_DECIDED");
  expect(Report(v1::REPORT_KIND_FINAL).status(), Code::kFailedPrecondition, "INTERIM_FIRST");

  // Rejected: the lead submits it again, and this one is approved.
  auto resubmitted = Report(v1::REPORT_KIND_INTERIM);
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.status();
  EXPECT_EQ(*resubmitted, "interim-4");
  scenario_.harness().AdvanceTo("2020-08-10T08:00:00Z");
  ASSERT_TRUE(scenario_.ApproveReport(id_, *resubmitted).ok());
  expect(Report(v1::REPORT_KIND_INTERIM).status(), Code::kFailedPrecondition,
         "REPORT_ALREADY_APPROVED");

  scenario_.harness().AdvanceTo("2021-09-15T08:00:00Z");
  auto closing = Report(v1::REPORT_KIND_FINAL, "officer");  // an officer for the lead
  ASSERT_TRUE(closing.ok()) << closing.status();
  EXPECT_EQ(*closing, "final-6");
  ASSERT_TRUE(scenario_.ApproveReport(id_, *closing).ok());
  expect(Report(v1::REPORT_KIND_FINAL).status(), Code::kFailedPrecondition,
         "REPORT_ALREADY_APPROVED");

  auto partnership = scenario_.GetPartnership(id_);
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  EXPECT_EQ(partnership->version(), 7);
  ASSERT_EQ(partnership->reports_size(), 3);
  EXPECT_EQ(partnership->reports(0).state(), v1::REPORT_STATE_REJECTED);
  EXPECT_EQ(partnership->reports(0).reason(), "no figures per municipality");
  EXPECT_EQ(partnership->reports(1).state(), v1::REPORT_STATE_APPROVED);
  EXPECT_EQ(partnership->reports(1).submitted().submitted_on(), "2020-08-03");
  EXPECT_EQ(partnership->reports(1).submitted().children_reached(), 120);
  EXPECT_EQ(partnership->reports(2).state(), v1::REPORT_STATE_APPROVED);
  ASSERT_EQ(partnership->obligations_size(), 2);
  EXPECT_EQ(partnership->obligations(0).status(), v1::OBLIGATION_STATUS_APPROVED);
  EXPECT_EQ(partnership->obligations(0).approved_on(), "2020-08-10");
  EXPECT_EQ(partnership->obligations(1).status(), v1::OBLIGATION_STATUS_APPROVED);
  EXPECT_EQ(partnership->obligations(1).approved_on(), "2021-09-15");
  // Every tranche released, on the day of its approval event.
  ASSERT_EQ(partnership->tranches_size(), 3);
  EXPECT_EQ(partnership->tranches(1).released_on(), "2020-08-10");
  EXPECT_EQ(partnership->tranches(2).released_on(), "2021-09-15");
  EXPECT_TRUE(partnership->tranches(2).released());
}

TEST_F(PartnershipReportsTest, OnlyApprovedPartnershipsReport) {
  scenario_.harness().AdvanceTo("2019-09-02T08:00:00Z");
  auto pending = scenario_.Submit("officer", ApplicationRequest("pending", "2019"));
  auto rejected = scenario_.Submit("officer", ApplicationRequest("rejected", "2019"));
  ASSERT_TRUE(pending.ok() && rejected.ok());
  ASSERT_TRUE(scenario_.Reject(rejected->partnership_id(), "overlaps an approved project").ok());
  const int64_t before = scenario_.Records();
  for (const std::string& id : {pending->partnership_id(), rejected->partnership_id()}) {
    absl::Status status =
        scenario_.SubmitReport(kLeadToken, ReportRequest("r-" + id, id, v1::REPORT_KIND_INTERIM))
            .status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_EQ(ReasonOf(status), "NOT_APPROVED") << status;
  }
  EXPECT_EQ(ReasonOf(scenario_
                         .SubmitReport(kLeadToken, ReportRequest("r-none", "ptn-0000000000000000",
                                                                 v1::REPORT_KIND_INTERIM))
                         .status()),
            "APPLICATION_NOT_FOUND");
  EXPECT_EQ(scenario_.Records(), before);
}

TEST_F(PartnershipReportsTest, InvalidReportsAreRefusedWithReasonsAndWriteNothing) {
  scenario_.harness().AdvanceTo("2019-09-02T08:00:00Z");
  // Activities of the lead, of a partner, and of an academy with no part in it.
  auto own = scenario_.RegisterActivity(kAcademy, {"2019-09-07"});
  auto partner = scenario_.RegisterActivity(kOther, {"2019-09-14"});
  auto foreign = scenario_.RegisterActivity(kStranger, {"2019-09-14"});
  ASSERT_TRUE(own.ok() && partner.ok() && foreign.ok());

  struct Case {
    std::string reason;
    absl::StatusCode code;
    std::function<void(v1::SubmitReportRequest&)> spoil;
  };
  using Code = absl::StatusCode;
  const std::vector<Case> cases = {
      {"KIND_MISSING", Code::kInvalidArgument,
       [](auto& r) { r.set_kind(v1::REPORT_KIND_UNSPECIFIED); }},
      {"KIND_MISSING", Code::kInvalidArgument,
       [](auto& r) { r.set_kind(static_cast<v1::ReportKind>(7)); }},
      {"MUNICIPALITY_UNKNOWN", Code::kInvalidArgument,
       [](auto& r) { r.add_trajectory_nis_codes("21004"); }},
      {"ACTIVITY_ID_INVALID", Code::kInvalidArgument, [](auto& r) { r.add_activity_ids(""); }},
      {"CHILDREN_INVALID", Code::kInvalidArgument, [](auto& r) { r.set_children_reached(-1); }},
      {"NARRATIVE_MISSING", Code::kInvalidArgument, [](auto& r) { r.set_narrative("\n"); }},
      {"ACTIVITY_UNKNOWN", Code::kNotFound,
       [](auto& r) { r.add_activity_ids("act-0000000000000000"); }},
      {"ACTIVITY_NOT_IN_PARTNERSHIP", Code::kFailedPrecondition,
       [&](auto& r) { r.add_activity_ids(*foreign); }},
      {"REQUEST_ID_MISSING", Code::kInvalidArgument, [](auto& r) { r.clear_request_id(); }},
  };
  const int64_t before = scenario_.Records();
  for (const Case& test : cases) {
    v1::SubmitReportRequest request = ReportRequest("bad", id_, v1::REPORT_KIND_INTERIM);
    test.spoil(request);
    absl::Status status = scenario_.SubmitReport(kLeadToken, request).status();
    EXPECT_EQ(ReasonOf(status), test.reason) << request.ShortDebugString();
    EXPECT_EQ(status.code(), test.code) << test.reason;
  }
  EXPECT_EQ(scenario_.Records(), before);

  // The lead's and a partner's activities are the partnership's; no trajectory yet is fine.
  v1::SubmitReportRequest valid = ReportRequest("good", id_, v1::REPORT_KIND_INTERIM);
  valid.clear_trajectory_nis_codes();
  valid.add_activity_ids(*partner);
  valid.add_activity_ids(*own);
  valid.add_activity_ids(*own);
  auto submitted = scenario_.SubmitReport(kLeadToken, valid);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  auto partnership = scenario_.GetPartnership(id_);
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  EXPECT_EQ(partnership->reports(0).submitted().activity_ids_size(), 2);

  // Repeated, it is answered once.
  auto again = scenario_.SubmitReport(kLeadToken, valid);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->report_id(), submitted->report_id());
  EXPECT_EQ(scenario_.Records(), before + 1);
}

TEST_F(PartnershipReportsTest, AReportNotApprovedByItsDueDateIsOverdue) {
  // A second approved partnership, led by kOther from 1 July 2019: interim due 2020-07-01.
  ASSERT_TRUE(scenario_.Recognise(kOther).ok());
  auto other = scenario_.Submit("officer", ApplicationRequest("other", "2019", kOther, 10000000));
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_TRUE(
      scenario_.Approve(scenario_.ApproveRequest(other->partnership_id(), 10000000, "2019-07-01"))
          .ok());
  // A pending application owes nothing.
  ASSERT_TRUE(scenario_.Submit("officer", ApplicationRequest("pending", "2019")).ok());
  const std::string mine = id_ + ":REPORT_KIND_INTERIM:";
  const std::string theirs = other->partnership_id() + ":REPORT_KIND_INTERIM:";

  EXPECT_TRUE(Overdue("2020-07-01").empty());
  EXPECT_EQ(Overdue("2020-07-02"),
            (std::vector<std::string>{theirs + "OBLIGATION_STATUS_NOT_SUBMITTED:1"}));
  EXPECT_EQ(Overdue("2020-09-01").size(), 1u);
  std::vector<std::string> both = {mine + "OBLIGATION_STATUS_NOT_SUBMITTED:1",
                                   theirs + "OBLIGATION_STATUS_NOT_SUBMITTED:63"};
  if (other->partnership_id() < id_) std::swap(both[0], both[1]);
  EXPECT_EQ(Overdue("2020-09-02"), both);

  // Each caller sees the lines of the partnerships it may read.
  EXPECT_EQ(Overdue("2020-09-02", kLeadToken),
            (std::vector<std::string>{mine + "OBLIGATION_STATUS_NOT_SUBMITTED:1"}));
  EXPECT_EQ(Overdue("2020-09-02", "academy-" + std::string(kOther)).size(), 2u);
  EXPECT_TRUE(Overdue("2020-09-02", "academy-" + std::string(kStranger)).empty());
  EXPECT_TRUE(Overdue("2020-09-02", "municipality-44021").empty());

  // Submitted late, it stays overdue until approved; the dates before the approval keep
  // telling that it was.
  scenario_.harness().AdvanceTo("2020-09-10T08:00:00Z");
  ASSERT_TRUE(Report(v1::REPORT_KIND_INTERIM).ok());
  EXPECT_EQ(Overdue("2020-09-10", kLeadToken),
            (std::vector<std::string>{mine + "OBLIGATION_STATUS_SUBMITTED:9"}));
  auto partnership = scenario_.GetPartnership(id_, kLeadToken, "2020-09-10");
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  EXPECT_TRUE(partnership->obligations(0).overdue());
  EXPECT_FALSE(partnership->obligations(1).overdue());
  scenario_.harness().AdvanceTo("2020-09-14T08:00:00Z");
  ASSERT_TRUE(scenario_.ApproveReport(id_, "interim-2").ok());
  EXPECT_TRUE(Overdue("2020-09-14", kLeadToken).empty());
  EXPECT_EQ(Overdue("2020-09-12", kLeadToken),
            (std::vector<std::string>{mine + "OBLIGATION_STATUS_SUBMITTED:11"}));
  EXPECT_EQ(Overdue("2020-09-05", kLeadToken),
            (std::vector<std::string>{mine + "OBLIGATION_STATUS_NOT_SUBMITTED:4"}));
  // Today by default.
  partnership = scenario_.GetPartnership(id_, kLeadToken);
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  EXPECT_FALSE(partnership->obligations(0).overdue());

  // The final report is due three months after the end: 30 November 2021.
  EXPECT_TRUE(Overdue("2021-11-30", kLeadToken).empty());
  EXPECT_EQ(
      Overdue("2021-12-01", kLeadToken),
      (std::vector<std::string>{id_ + ":REPORT_KIND_FINAL:OBLIGATION_STATUS_NOT_SUBMITTED:1"}));

  v1::ListOverdueReportsRequest bad;
  bad.set_date("2020-13-01");
  EXPECT_EQ(ReasonOf(scenario_.ListOverdueReports("officer", bad).status()), "DATE_INVALID");
  bad.set_date("");
  bad.set_page_token("garbage");
  EXPECT_EQ(ReasonOf(scenario_.ListOverdueReports("officer", bad).status()), "PAGE_TOKEN_INVALID");
}

TEST_F(PartnershipReportsTest, AnApprovedProjectPeriodReachesTheActivityContext) {
  // kOther is the partnership's EDUCATION partner: its sessions inside the project period
  // count 0 (rulebook section 3, no double funding); the day before the start counts.
  ASSERT_TRUE(scenario_.Recognise(kOther).ok());
  auto activity = scenario_.RegisterActivity(kOther, {"2019-08-31", "2019-09-07"});
  ASSERT_TRUE(activity.ok()) << activity.status();
  auto before_start = scenario_.SessionMinutes(*activity, "s1");
  auto in_project = scenario_.SessionMinutes(*activity, "s2");
  ASSERT_TRUE(before_start.ok()) << before_start.status();
  ASSERT_TRUE(in_project.ok()) << in_project.status();
  EXPECT_EQ(before_start->date(), "2019-08-31");
  EXPECT_NE(before_start->zero_reason(), activity::v1::ZERO_REASON_PARTNERSHIP_PERIOD);
  EXPECT_EQ(in_project->date(), "2019-09-07");
  EXPECT_EQ(in_project->zero_reason(), activity::v1::ZERO_REASON_PARTNERSHIP_PERIOD);
}

}  // namespace
}  // namespace stem::partnership
