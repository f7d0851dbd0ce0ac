// Officers' decisions on applications through the public API: the project period and its
// tranches, every reason a decision is refused for (each refusal writing nothing), the
// budget of a call under concurrent approvals, idempotency and expected versions.
#include <gtest/gtest.h>

#include <thread>

#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "services/partnership/testing/partnership_scenario.h"

namespace stem::partnership {
namespace {

using service::testing::ServiceHarness;
using testing::ApplicationRequest;
using testing::CallRequest;
using testing::kAcademy;
using testing::kOther;
using testing::PartnershipScenario;

std::vector<int64_t> AmountsOf(const v1::Partnership& partnership) {
  std::vector<int64_t> amounts;
  for (const v1::Tranche& tranche : partnership.tranches())
    amounts.push_back(tranche.amount_cents());
  return amounts;
}

class PartnershipDecisionsTest : public ::testing::Test {
 protected:
  // An application of kOther (recognised) to call "2019" for `requested_cents`.
  std::string ApplyAsOther(int64_t requested_cents = 20000000) {
    EXPECT_TRUE(scenario_.Recognise(kOther).ok());
    auto submitted = scenario_.Submit(
        "officer", ApplicationRequest(scenario_.NextRequestId(), "2019", kOther, requested_cents));
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    return submitted.ok() ? submitted->partnership_id() : "";
  }

  PartnershipScenario scenario_;
};

TEST_F(PartnershipDecisionsTest, AnApprovalFixesTheProjectPeriodTheReportsDueAndTheTranches) {
  const std::string id = scenario_.OpenRecogniseAndApply();
  scenario_.harness().AdvanceTo("2019-06-03T08:00:00Z");
  auto approved = scenario_.Approve(scenario_.ApproveRequest(id, 20000000, "2019-09-01"));
  ASSERT_TRUE(approved.ok()) << approved.status();
  // 24 months from 1 September 2019, ending the day before.
  EXPECT_EQ(approved->project_start(), "2019-09-01");
  EXPECT_EQ(approved->project_end(), "2021-08-31");
  EXPECT_EQ(approved->version(), 2);  // the call's: opened, then this decision

  auto partnership = scenario_.GetPartnership(id);
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  EXPECT_EQ(partnership->status(), v1::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(partnership->call_version(), 2);
  const v1::PartnershipApproved& approval = partnership->decision().approval();
  EXPECT_EQ(approval.decided_on(), "2019-06-03");
  EXPECT_EQ(approval.approved_cents(), 20000000);
  EXPECT_EQ(approval.partners_size(), 3);
  EXPECT_EQ(partnership->decision().call_version(), 2);
  ASSERT_EQ(partnership->obligations_size(), 2);
  EXPECT_EQ(partnership->obligations(0).kind(), v1::REPORT_KIND_INTERIM);
  EXPECT_EQ(partnership->obligations(0).due_date(), "2020-09-01");
  EXPECT_EQ(partnership->obligations(0).status(), v1::OBLIGATION_STATUS_NOT_SUBMITTED);
  EXPECT_FALSE(partnership->obligations(0).overdue());
  EXPECT_EQ(partnership->obligations(1).kind(), v1::REPORT_KIND_FINAL);
  // Three months after 31 August 2021: 30 November (November has no 31st).
  EXPECT_EQ(partnership->obligations(1).due_date(), "2021-11-30");

  // The example of 2019: EUR 200,000 in tranches of 100,000, 60,000 and 40,000.
  EXPECT_EQ(AmountsOf(*partnership), (std::vector<int64_t>{10000000, 6000000, 4000000}));
  ASSERT_EQ(partnership->tranches_size(), 3);
  EXPECT_EQ(partnership->tranches(0).trigger(), v1::TRANCHE_TRIGGER_PROJECT_APPROVED);
  EXPECT_EQ(partnership->tranches(0).permille(), 500);
  EXPECT_TRUE(partnership->tranches(0).released());
  EXPECT_EQ(partnership->tranches(0).released_on(), "2019-06-03");
  EXPECT_EQ(partnership->tranches(1).trigger(), v1::TRANCHE_TRIGGER_INTERIM_REPORT_APPROVED);
  EXPECT_FALSE(partnership->tranches(1).released());
  EXPECT_EQ(partnership->tranches(2).trigger(), v1::TRANCHE_TRIGGER_FINAL_REPORT_APPROVED);
  EXPECT_FALSE(partnership->tranches(2).released());

  auto call = scenario_.GetCall("2019");
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->approved_cents(), 20000000);
  EXPECT_EQ(call->remaining_cents(), 30000000);
  EXPECT_EQ(call->approved_count(), 1);
}

TEST_F(PartnershipDecisionsTest,
       AProjectStartingOnTheLastDayOfAMonthEndsTheDayBeforeItsAnniversary) {
  const std::string id = scenario_.OpenRecogniseAndApply();
  scenario_.harness().AdvanceTo("2019-06-03T08:00:00Z");
  // An odd amount: the last tranche takes what the floors leave.
  auto approved = scenario_.Approve(scenario_.ApproveRequest(id, 333333, "2019-08-31"));
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->project_end(), "2021-08-30");
  auto partnership = scenario_.GetPartnership(id);
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  EXPECT_EQ(partnership->obligations(0).due_date(), "2020-08-31");
  EXPECT_EQ(partnership->obligations(1).due_date(), "2021-11-30");
  EXPECT_EQ(AmountsOf(*partnership), (std::vector<int64_t>{166666, 99999, 66668}));
}

TEST_F(PartnershipDecisionsTest, TheProjectStartsWithinTheCallsLatestStartAfterApproval) {
  const std::string id = scenario_.OpenRecogniseAndApply();
  const std::string second = ApplyAsOther();
  ASSERT_TRUE(scenario_.Confirm(id, kOther).ok());
  scenario_.harness().AdvanceTo("2019-06-03T08:00:00Z");
  const int64_t before = scenario_.Records();
  // Approved on 3 June 2019 with a latest start of 3 months: 3 June - 3 September.
  for (const char* start : {"2019-06-02", "2019-09-04", "2021-01-01"}) {
    absl::Status status = scenario_.Approve(scenario_.ApproveRequest(id, 20000000, start)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << start;
    EXPECT_EQ(ReasonOf(status), "START_OUT_OF_WINDOW") << start;
  }
  EXPECT_EQ(scenario_.Records(), before);
  EXPECT_TRUE(scenario_.Approve(scenario_.ApproveRequest(id, 20000000, "2019-09-03")).ok());
  EXPECT_TRUE(scenario_.Approve(scenario_.ApproveRequest(second, 20000000, "2019-06-03")).ok());
}

TEST_F(PartnershipDecisionsTest, AllApprovalsOfACallStayWithinItsBudget) {
  // EUR 300,000 for two applications of EUR 200,000 each.
  const std::string first = scenario_.OpenRecogniseAndApply(30000000);
  const std::string second = ApplyAsOther();
  ASSERT_TRUE(scenario_.Confirm(first, kOther).ok());
  ASSERT_TRUE(scenario_.Approve(scenario_.ApproveRequest(first, 20000000, "2019-02-01")).ok());
  const int64_t before = scenario_.Records();
  absl::Status exceeded =
      scenario_.Approve(scenario_.ApproveRequest(second, 20000000, "2019-02-01")).status();
  EXPECT_EQ(exceeded.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(exceeded), "BUDGET_EXCEEDED");
  EXPECT_EQ(scenario_.Records(), before);
  // Exactly what is left is allowed.
  ASSERT_TRUE(scenario_.Approve(scenario_.ApproveRequest(second, 10000000, "2019-02-01")).ok());
  auto call = scenario_.GetCall("2019");
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->approved_cents(), 30000000);
  EXPECT_EQ(call->remaining_cents(), 0);
  EXPECT_EQ(call->approved_count(), 2);
}

TEST_F(PartnershipDecisionsTest, RacingApprovalsOnTwoReplicasNeverExceedTheBudget) {
  const std::string first = scenario_.OpenRecogniseAndApply(30000000);
  const std::string second = ApplyAsOther();
  ASSERT_TRUE(scenario_.Confirm(first, kOther).ok());
  auto other_replica = scenario_.StartAnotherPartnershipReplica();
  const v1::ApprovePartnershipRequest approve_first =
      scenario_.ApproveRequest(first, 20000000, "2019-02-01");
  const v1::ApprovePartnershipRequest approve_second =
      scenario_.ApproveRequest(second, 20000000, "2019-02-01");
  absl::Status first_status, second_status;
  std::thread one([&] { first_status = scenario_.Approve(approve_first).status(); });
  std::thread two([&] {
    v1::ApprovePartnershipResponse response;
    second_status = rpc::FromGrpcStatus(other_replica->ApprovePartnership(
        ServiceHarness::As("officer").get(), approve_second, &response));
  });
  one.join();
  two.join();
  // Whichever the log put first wins; the other is decided on the state that holds it.
  EXPECT_NE(first_status.ok(), second_status.ok()) << first_status << " / " << second_status;
  const absl::Status& refused = first_status.ok() ? second_status : first_status;
  EXPECT_EQ(ReasonOf(refused), "BUDGET_EXCEEDED") << refused;
  scenario_.CatchUp();
  auto call = scenario_.GetCall("2019");
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->approved_cents(), 20000000);
  EXPECT_EQ(call->approved_count(), 1);
  EXPECT_EQ(call->version(), 2);
}

TEST_F(PartnershipDecisionsTest, DecisionsAreCheckedAndWriteNothingWhenRefused) {
  const std::string id = scenario_.OpenRecogniseAndApply();
  const int64_t before = scenario_.Records();
  auto approve_status = [&](const std::string& partnership_id, int64_t cents,
                            const std::string& start) {
    return scenario_.Approve(scenario_.ApproveRequest(partnership_id, cents, start)).status();
  };
  auto expect = [](absl::Status status, absl::StatusCode code, const std::string& reason) {
    EXPECT_EQ(status.code(), code) << status;
    EXPECT_EQ(ReasonOf(status), reason) << status;
  };
  using Code = absl::StatusCode;
  expect(approve_status("ptn-0000000000000000", 20000000, "2019-02-01"), Code::kNotFound,
         "APPLICATION_NOT_FOUND");
  expect(scenario_.Reject("ptn-0000000000000000", "too small"), Code::kNotFound,
         "APPLICATION_NOT_FOUND");
  expect(approve_status(id, 0, "2019-02-01"), Code::kInvalidArgument, "AMOUNT_INVALID");
  expect(approve_status(id, 20000000, "2019-02-30"), Code::kInvalidArgument, "DATE_INVALID");
  expect(approve_status(id, 20000001, "2019-02-01"), Code::kInvalidArgument,
         "AMOUNT_ABOVE_REQUESTED");
  expect(scenario_.Reject(id, " "), Code::kInvalidArgument, "REASON_MISSING");
  EXPECT_EQ(scenario_.Records(), before);

  ASSERT_TRUE(scenario_.Reject(id, "the region has a partnership already").ok());
  const int64_t rejected = scenario_.Records();
  expect(approve_status(id, 20000000, "2019-02-01"), Code::kFailedPrecondition, "ALREADY_DECIDED");
  expect(scenario_.Reject(id, "once more"), Code::kFailedPrecondition, "ALREADY_DECIDED");
  EXPECT_EQ(scenario_.Records(), rejected);

  auto partnership = scenario_.GetPartnership(id);
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  EXPECT_EQ(partnership->status(), v1::APPLICATION_STATUS_REJECTED);
  EXPECT_EQ(partnership->decision().rejection().reason(), "the region has a partnership already");
  EXPECT_EQ(partnership->decision().rejection().decided_on(), "2019-01-07");
  EXPECT_EQ(partnership->tranches_size(), 0);
  EXPECT_EQ(scenario_.GetCall("2019")->rejected_count(), 1);
}

TEST_F(PartnershipDecisionsTest, TheLeadIsARecognisedAcademyOnTheDayOfApproval) {
  ASSERT_TRUE(scenario_.OpenCall(CallRequest("open", "2019", 50000000)).ok());
  auto never = scenario_.Submit("officer", ApplicationRequest("a1", "2019"));
  ASSERT_TRUE(never.ok()) << never.status();
  const int64_t before = scenario_.Records();
  absl::Status status =
      scenario_.Approve(scenario_.ApproveRequest(never->partnership_id(), 20000000, "2019-02-01"))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "NOT_RECOGNISED");
  EXPECT_EQ(scenario_.Records(), before);

  // Recognised, then revoked from 1 June: approvable before, not on 3 June.
  const std::string revoked = ApplyAsOther();
  ASSERT_TRUE(scenario_.Revoke(kOther, "2019-06-01").ok());
  scenario_.harness().AdvanceTo("2019-06-03T08:00:00Z");
  EXPECT_EQ(
      ReasonOf(
          scenario_.Approve(scenario_.ApproveRequest(revoked, 20000000, "2019-07-01")).status()),
      "NOT_RECOGNISED");
  // Once recognised (as the recognition service writes it), the approval goes through (its
  // partner kOther, recognised before, has confirmed).
  ASSERT_TRUE(scenario_.Recognise(kAcademy).ok());
  ASSERT_TRUE(scenario_.Confirm(never->partnership_id(), kOther).ok());
  EXPECT_TRUE(
      scenario_.Approve(scenario_.ApproveRequest(never->partnership_id(), 20000000, "2019-07-01"))
          .ok());
}

// A partner that is an academy confirms its participation, as its own ACADEMY, before an
// officer can approve (rulebook section 6); partners that are no academy need not.
TEST_F(PartnershipDecisionsTest, PartnersThatAreAcademiesConfirmBeforeTheApproval) {
  const std::string id = scenario_.OpenRecogniseAndApply();
  ASSERT_TRUE(scenario_.Recognise(kOther).ok());
  const int64_t before = scenario_.Records();
  const auto approve = [&] {
    return scenario_.Approve(scenario_.ApproveRequest(id, 20000000, "2019-02-01")).status();
  };
  absl::Status unconfirmed = approve();
  EXPECT_EQ(unconfirmed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(unconfirmed), "PARTNER_NOT_CONFIRMED");
  EXPECT_NE(std::string(unconfirmed.message()).find(kOther), std::string::npos) << unconfirmed;

  // Only the partner itself answers: not an officer, not the lead for it, not a stranger.
  EXPECT_EQ(ReasonOf(scenario_.Confirm(id, kOther, "officer")), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ReasonOf(scenario_.Confirm(id, kOther, "academy-" + std::string(kAcademy))),
            "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.Confirm(id, testing::kStranger)), "NOT_A_PARTNER");
  EXPECT_EQ(ReasonOf(scenario_.Confirm("ptn-0000000000000000", kOther)), "APPLICATION_NOT_FOUND");
  EXPECT_EQ(ReasonOf(scenario_.Decline(id, kOther, " ")), "REASON_MISSING");
  EXPECT_EQ(scenario_.Records(), before);

  // A decline ends the chance of approval, until the partner confirms after all.
  ASSERT_TRUE(scenario_.Decline(id, kOther, "no capacity this year").ok());
  absl::Status declined = approve();
  EXPECT_EQ(ReasonOf(declined), "PARTNER_NOT_CONFIRMED");
  EXPECT_NE(std::string(declined.message()).find("declined"), std::string::npos) << declined;
  auto shown = scenario_.GetPartnership(id);
  ASSERT_TRUE(shown.ok()) << shown.status();
  ASSERT_EQ(shown->partner_answers_size(), 1);
  EXPECT_FALSE(shown->partner_answers(0).confirmed());
  EXPECT_EQ(shown->partner_answers(0).reason(), "no capacity this year");

  ASSERT_TRUE(scenario_.Confirm(id, kOther).ok());
  const int64_t confirmed = scenario_.Records();
  ASSERT_TRUE(scenario_.Confirm(id, kOther).ok());  // nothing new to record
  EXPECT_EQ(scenario_.Records(), confirmed);
  EXPECT_TRUE(approve().ok());
  EXPECT_EQ(ReasonOf(scenario_.Confirm(id, kOther)), "ALREADY_DECIDED");
  EXPECT_EQ(ReasonOf(scenario_.Decline(id, kOther, "too late")), "ALREADY_DECIDED");
}

TEST_F(PartnershipDecisionsTest, RepeatedDecisionsAreAnsweredOnceAndExpectedVersionsGuardThem) {
  const std::string id = scenario_.OpenRecogniseAndApply();
  v1::ApprovePartnershipRequest approve = scenario_.ApproveRequest(id, 15000000, "2019-03-01");
  // The decision is a fact of the call, which is at version 1 (opened).
  approve.set_expected_version(0);
  absl::Status stale = scenario_.Approve(approve).status();
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale), "VERSION_CONFLICT");
  approve.set_expected_version(1);
  auto first = scenario_.Approve(approve);
  ASSERT_TRUE(first.ok()) << first.status();
  const int64_t records = scenario_.Records();

  auto again = scenario_.Approve(approve);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->project_end(), "2021-02-28");
  EXPECT_EQ(again->project_end(), first->project_end());
  EXPECT_EQ(again->version(), first->version());
  EXPECT_EQ(scenario_.Records(), records);
  approve.set_approved_cents(16000000);
  EXPECT_EQ(ReasonOf(scenario_.Approve(approve).status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(scenario_.Records(), records);
}

}  // namespace
}  // namespace stem::partnership
