// Who may do what with calls, applications and reports (rulebook section 8), through the
// public API.
#include <gtest/gtest.h>

#include <algorithm>

#include "libs/common/error.h"
#include "services/partnership/testing/partnership_scenario.h"

namespace stem::partnership {
namespace {

using testing::ApplicationRequest;
using testing::CallRequest;
using testing::kAcademy;
using testing::kOther;
using testing::kStranger;
using testing::PartnershipScenario;
using testing::ReportRequest;

const std::string kLeadToken = std::string("academy-") + kAcademy;
const std::string kPartnerToken = std::string("academy-") + kOther;
const std::string kStrangerToken = std::string("academy-") + kStranger;

class PartnershipRolesTest : public ::testing::Test {
 protected:
  PartnershipScenario scenario_;
};

TEST_F(PartnershipRolesTest, OnlyOfficersOpenCallsAndDecide) {
  for (const std::string& token : {kLeadToken, std::string("municipality-11002"),
                                   std::string("auditor"), std::string("operator")}) {
    absl::Status status = scenario_.OpenCall(CallRequest("c", "2019", 50000000), token);
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << token;
    EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED") << token;
  }
  EXPECT_EQ(ReasonOf(scenario_.OpenCall(CallRequest("c", "2019", 50000000), "")),
            "IDENTITY_MISSING");
  EXPECT_EQ(ReasonOf(scenario_.OpenCall(CallRequest("c", "2019", 50000000), "forged")),
            "IDENTITY_UNKNOWN");
  EXPECT_EQ(scenario_.Records(), 0);

  const std::string id = scenario_.OpenRecogniseAndApply();
  const int64_t before = scenario_.Records();
  for (const std::string& token : {kLeadToken, std::string("auditor"), std::string("operator")}) {
    EXPECT_EQ(
        ReasonOf(scenario_.Approve(scenario_.ApproveRequest(id, 20000000, "2019-02-01"), token)
                     .status()),
        "ROLE_NOT_ALLOWED")
        << token;
    EXPECT_EQ(ReasonOf(scenario_.Reject(id, "no", token)), "ROLE_NOT_ALLOWED") << token;
  }
  EXPECT_EQ(scenario_.Records(), before);
}

TEST_F(PartnershipRolesTest, AnAcademyAppliesOnlyAsItsOwnLead) {
  ASSERT_TRUE(scenario_.OpenCall(CallRequest("c", "2019", 50000000)).ok());
  absl::Status other = scenario_.Submit(kPartnerToken, ApplicationRequest("a", "2019")).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(other), "NOT_OWN_ACADEMY");
  for (const char* token : {"municipality-11002", "auditor", "operator"}) {
    EXPECT_EQ(ReasonOf(scenario_.Submit(token, ApplicationRequest("a", "2019")).status()),
              "ROLE_NOT_ALLOWED")
        << token;
  }
  EXPECT_EQ(scenario_.Records(), 1);
  EXPECT_TRUE(scenario_.Submit(kLeadToken, ApplicationRequest("a", "2019")).ok());
  EXPECT_TRUE(scenario_.Submit("officer", ApplicationRequest("b", "2019", kOther)).ok());
  EXPECT_EQ(scenario_.Records(), 3);
}

TEST_F(PartnershipRolesTest, OnlyTheLeadOrAnOfficerReportsAndOnlyAnOfficerDecidesOnReports) {
  const std::string id = scenario_.OpenRecogniseAndApply();
  scenario_.ApproveFrom(id, "2019-09-01");
  scenario_.harness().AdvanceTo("2020-08-03T08:00:00Z");
  const int64_t before = scenario_.Records();
  for (const std::string& token : {kPartnerToken, kStrangerToken}) {
    absl::Status status =
        scenario_.SubmitReport(token, ReportRequest("r", id, v1::REPORT_KIND_INTERIM)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << token;
    EXPECT_EQ(ReasonOf(status), "NOT_OWN_ACADEMY") << token;
  }
  for (const char* token : {"municipality-11002", "auditor", "operator"}) {
    EXPECT_EQ(
        ReasonOf(scenario_.SubmitReport(token, ReportRequest("r", id, v1::REPORT_KIND_INTERIM))
                     .status()),
        "ROLE_NOT_ALLOWED")
        << token;
  }
  EXPECT_EQ(scenario_.Records(), before);

  auto report = scenario_.SubmitReport(kLeadToken, ReportRequest("r", id, v1::REPORT_KIND_INTERIM));
  ASSERT_TRUE(report.ok()) << report.status();
  // A retry by someone who may not report is refused, not answered with the lead's result.
  EXPECT_EQ(
      ReasonOf(
          scenario_.SubmitReport(kPartnerToken, ReportRequest("r", id, v1::REPORT_KIND_INTERIM))
              .status()),
      "NOT_OWN_ACADEMY");
  for (const std::string& token : {kLeadToken, std::string("auditor")}) {
    EXPECT_EQ(ReasonOf(scenario_.ApproveReport(id, report->report_id(), token)),
              "ROLE_NOT_ALLOWED");
    EXPECT_EQ(ReasonOf(scenario_.RejectReport(id, report->report_id(), "no", token)),
              "ROLE_NOT_ALLOWED");
  }
  EXPECT_EQ(scenario_.Records(), before + 1);
  EXPECT_TRUE(scenario_.RejectReport(id, report->report_id(), "incomplete").ok());
  // An officer may resubmit for the lead.
  EXPECT_TRUE(
      scenario_.SubmitReport("officer", ReportRequest("r2", id, v1::REPORT_KIND_INTERIM)).ok());
}

TEST_F(PartnershipRolesTest, WhoReadsAPartnership) {
  // A: led by kAcademy with kOther as partner, in Antwerpen and Borsbeek. B: led by kOther
  // in Kortessem (73040), which is part of Hasselt (71072) since 2025.
  const std::string a = scenario_.OpenRecogniseAndApply();
  v1::SubmitPartnershipApplicationRequest kortessem = ApplicationRequest("b", "2019", kOther);
  kortessem.clear_region_nis_codes();
  kortessem.add_region_nis_codes("73040");
  auto b = scenario_.Submit("officer", kortessem);
  ASSERT_TRUE(b.ok()) << b.status();

  for (const std::string& token : {std::string("officer"), std::string("auditor"), kLeadToken,
                                   kPartnerToken, std::string("municipality-11002")}) {
    EXPECT_TRUE(scenario_.GetPartnership(a, token).ok()) << token;
  }
  EXPECT_EQ(ReasonOf(scenario_.GetPartnership(a, kStrangerToken).status()), "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.GetPartnership(a, "municipality-44021").status()),
            "NOT_OWN_MUNICIPALITY");
  EXPECT_EQ(ReasonOf(scenario_.GetPartnership(a, "operator").status()), "ROLE_NOT_ALLOWED");
  EXPECT_TRUE(scenario_.GetPartnership(b->partnership_id(), "municipality-71072").ok());
  EXPECT_EQ(ReasonOf(scenario_.GetPartnership(b->partnership_id(), kLeadToken).status()),
            "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.GetPartnership("ptn-0000000000000000").status()),
            "APPLICATION_NOT_FOUND");

  auto listed = [&](const std::string& token, const std::string& call_id,
                    const std::string& lead) -> absl::StatusOr<std::vector<std::string>> {
    v1::ListPartnershipsRequest request;
    request.set_call_id(call_id);
    request.set_lead_kbo(lead);
    auto response = scenario_.ListPartnerships(token, request);
    if (!response.ok()) return response.status();
    std::vector<std::string> ids;
    for (const v1::PartnershipSummary& summary : response->partnerships()) {
      ids.push_back(summary.partnership_id());
    }
    return ids;
  };
  std::vector<std::string> both = {a, b->partnership_id()};
  std::sort(both.begin(), both.end());
  using Ids = std::vector<std::string>;
  EXPECT_EQ(*listed("officer", "", ""), both);
  EXPECT_EQ(*listed("auditor", "2019", ""), both);
  EXPECT_EQ(*listed("officer", "2020", ""), Ids{});
  EXPECT_EQ(*listed("officer", "", "0200.000.043"), Ids{b->partnership_id()});
  EXPECT_EQ(*listed(kLeadToken, "", ""), Ids{a});
  EXPECT_EQ(*listed(kPartnerToken, "", ""), both);
  EXPECT_EQ(*listed(kPartnerToken, "", kAcademy), Ids{a});
  EXPECT_EQ(*listed(kStrangerToken, "", ""), Ids{});
  EXPECT_EQ(*listed("municipality-11002", "", ""), Ids{a});
  EXPECT_EQ(*listed("municipality-71072", "", ""), Ids{b->partnership_id()});
  EXPECT_EQ(ReasonOf(listed("officer", "", "0123456748").status()), "KBO_INVALID");
  EXPECT_EQ(ReasonOf(listed("operator", "", "").status()), "ROLE_NOT_ALLOWED");

  // Pages of one.
  v1::ListPartnershipsRequest paged;
  paged.set_page_size(1);
  auto first = scenario_.ListPartnerships("officer", paged);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->partnerships_size(), 1);
  EXPECT_EQ(first->partnerships(0).partnership_id(), both[0]);
  EXPECT_EQ(first->partnerships(0).status(), v1::APPLICATION_STATUS_PENDING);
  paged.set_page_token(first->next_page_token());
  auto second = scenario_.ListPartnerships("officer", paged);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->partnerships_size(), 1);
  EXPECT_EQ(second->partnerships(0).partnership_id(), both[1]);
  EXPECT_TRUE(second->next_page_token().empty());
}

TEST_F(PartnershipRolesTest, EveryReaderButTheOperatorReadsCalls) {
  ASSERT_TRUE(scenario_.OpenCall(CallRequest("c", "2019", 50000000)).ok());
  for (const std::string& token : {std::string("officer"), std::string("auditor"), kLeadToken,
                                   std::string("municipality-44021")}) {
    EXPECT_TRUE(scenario_.GetCall("2019", token).ok()) << token;
  }
  EXPECT_EQ(ReasonOf(scenario_.GetCall("2019", "operator").status()), "ROLE_NOT_ALLOWED");
  v1::ListOverdueReportsRequest overdue;
  EXPECT_EQ(ReasonOf(scenario_.ListOverdueReports("operator", overdue).status()),
            "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace stem::partnership
