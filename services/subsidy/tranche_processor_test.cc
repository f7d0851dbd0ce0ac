// Tranches of STEM-partnerships (rulebook section 6): one per approval fact, adding up to
// the approved amount, ordered exactly once whatever is replayed, redelivered or raced.
// The partnership context's facts are appended as its service writes them; the tranche
// processors run as stem-subsidy runs them, in a consumer group over the embedded log.
#include "contexts/subsidy/tranche_processor.h"

#include <gtest/gtest.h>

#include <thread>

#include "libs/common/error.h"
#include "libs/projection/testing/quarantined.h"
#include "services/subsidy/testing/subsidy_scenario.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::subsidy {
namespace {

namespace partnership = ::stem::partnership::v1;
using testing::AcademyToken;
using testing::kA;
using testing::kB;
using testing::SubsidyScenario;

constexpr absl::Duration kPatience = absl::Seconds(60);

class TrancheProcessorTest : public ::testing::Test {
 protected:
  void OpenCall(const std::string& call_id, int64_t budget,
                const std::vector<int32_t>& schedule = {}) {
    partnership::CallOpened call;
    call.set_call_id(call_id);
    call.set_title("STEM-partnerschappen " + call_id);
    call.set_budget_cents(budget);
    call.set_max_per_project_cents(20000000);
    call.set_duration_months(24);
    if (!schedule.empty()) {
      call.mutable_tranche_schedule()->set_on_approval_permille(schedule[0]);
      call.mutable_tranche_schedule()->set_on_interim_report_permille(schedule[1]);
      call.mutable_tranche_schedule()->set_on_final_report_permille(schedule[2]);
    }
    scenario_.AppendPartnershipFact("call", call_id, call);
  }
  events::v1::EventEnvelope Approve(const std::string& call_id, const std::string& partnership_id,
                                    int64_t amount, std::optional<int64_t> version = {}) {
    partnership::PartnershipApproved approved;
    approved.set_call_id(call_id);
    approved.set_partnership_id(partnership_id);
    approved.set_lead_kbo(kA);
    approved.set_approved_cents(amount);
    approved.set_project_start("2019-09-01");
    approved.set_project_end("2021-08-31");
    return scenario_.AppendPartnershipFact("call", call_id, approved, version);
  }
  events::v1::EventEnvelope ApproveReport(const std::string& partnership_id,
                                          partnership::ReportKind kind, int n) {
    const std::string report_id =
        (kind == partnership::REPORT_KIND_INTERIM ? "interim-" : "final-") + std::to_string(n);
    partnership::ReportSubmitted submitted;
    submitted.set_partnership_id(partnership_id);
    submitted.set_report_id(report_id);
    submitted.set_kind(kind);
    scenario_.AppendPartnershipFact("partnership", partnership_id, submitted);
    partnership::ReportApproved approved;
    approved.set_partnership_id(partnership_id);
    approved.set_report_id(report_id);
    approved.set_kind(kind);
    return scenario_.AppendPartnershipFact("partnership", partnership_id, approved);
  }
  // Until the processor has acted on everything the partnership topic holds now.
  void ProcessorCaughtUp(int index) {
    absl::Status caught_up =
        scenario_.tranche_runtime(index).projection().WaitForAllTopics(absl::Now() + kPatience);
    ASSERT_TRUE(caught_up.ok()) << caught_up;
    scenario_.CatchUp();
  }

  SubsidyScenario scenario_;
};

TEST_F(TrancheProcessorTest, EachApprovalReleasesOneTrancheAndTheyAddUp) {
  scenario_.StartTrancheProcessor();
  OpenCall("call-2019", 100000000);  // no schedule recorded: the default 500/300/200
  const events::v1::EventEnvelope approval = Approve("call-2019", "ptn-1", 12345679);
  v1::Payments payments = scenario_.AwaitTranches("ptn-1", 1);
  // floor(12345679 x 500 / 1000) = floor(6172839.5) = 6172839.
  ASSERT_EQ(payments.tranches_size(), 1);
  EXPECT_EQ(payments.tranches(0).trigger(), v1::PAYMENT_TRIGGER_PROJECT_APPROVED);
  EXPECT_EQ(payments.tranches(0).tranche_number(), 1);
  EXPECT_EQ(payments.tranches(0).permille(), 500);
  EXPECT_EQ(payments.tranches(0).amount_cents(), 6172839);
  EXPECT_EQ(payments.tranches(0).approval_event_id(), approval.event_id());
  EXPECT_EQ(payments.approved_cents(), 12345679);
  EXPECT_EQ(payments.outstanding_cents(), 12345679 - 6172839);

  ApproveReport("ptn-1", partnership::REPORT_KIND_INTERIM, 2);
  ApproveReport("ptn-1", partnership::REPORT_KIND_FINAL, 4);
  payments = scenario_.AwaitTranches("ptn-1", 3);
  // Interim: floor(12345679 x 300 / 1000) = floor(3703703.7) = 3703703. Final: the
  // remainder, 12345679 - 6172839 - 3703703 = 2469137.
  ASSERT_EQ(payments.tranches_size(), 3);
  EXPECT_EQ(payments.tranches(1).trigger(), v1::PAYMENT_TRIGGER_INTERIM_REPORT_APPROVED);
  EXPECT_EQ(payments.tranches(1).report_id(), "interim-2");
  EXPECT_EQ(payments.tranches(1).amount_cents(), 3703703);
  EXPECT_EQ(payments.tranches(2).trigger(), v1::PAYMENT_TRIGGER_FINAL_REPORT_APPROVED);
  EXPECT_EQ(payments.tranches(2).amount_cents(), 2469137);
  EXPECT_EQ(payments.tranches(2).ordered_total_cents(), 12345679);
  EXPECT_EQ(payments.ordered_cents(), 12345679);
  EXPECT_EQ(payments.outstanding_cents(), 0);

  // The lead academy reads its payments; nobody else but officers and auditors.
  EXPECT_TRUE(scenario_.Payments("ptn-1", AcademyToken(kA)).ok());
  EXPECT_EQ(ReasonOf(scenario_.Payments("ptn-1", AcademyToken(kB)).status()), "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(scenario_.Payments("ptn-1", "municipality-11002").status()),
            "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ReasonOf(scenario_.Payments("ptn-9").status()), "PARTNERSHIP_NOT_FOUND");
}

TEST_F(TrancheProcessorTest, ReplaysAndRedeliveriesOrderNothingNew) {
  const int first = scenario_.StartTrancheProcessor();
  OpenCall("call-2019", 100000000, {400, 350, 250});
  const events::v1::EventEnvelope approval = Approve("call-2019", "ptn-1", 10000000);
  const events::v1::EventEnvelope interim =
      ApproveReport("ptn-1", partnership::REPORT_KIND_INTERIM, 2);
  // 400 / 350 / 250 permille of 10000000.
  const v1::Payments paid = scenario_.AwaitTranches("ptn-1", 2);
  EXPECT_EQ(paid.tranches(0).amount_cents() + paid.tranches(1).amount_cents(), 4000000 + 3500000);
  ProcessorCaughtUp(first);
  const int64_t records = scenario_.SubsidyRecords();

  // A producer that retries writes the same approvals again.
  scenario_.Redeliver(approval);
  scenario_.Redeliver(interim);
  ProcessorCaughtUp(first);
  // A processor in a group of its own, from an empty store, replays every approval; and a
  // replica that lost its store rejoins the group.
  ProcessorCaughtUp(scenario_.StartTrancheProcessor("replay-group"));
  scenario_.StopTrancheProcessors();
  ProcessorCaughtUp(scenario_.StartTrancheProcessor());

  EXPECT_EQ(scenario_.SubsidyRecords(), records);
  auto payments = scenario_.Payments("ptn-1");
  ASSERT_TRUE(payments.ok()) << payments.status();
  EXPECT_EQ(payments->tranches_size(), 2);
  EXPECT_EQ(payments->ordered_cents(), 7500000);

  // The final report's tranche is the remainder: 10000000 - 4000000 - 3500000.
  ApproveReport("ptn-1", partnership::REPORT_KIND_FINAL, 3);
  EXPECT_EQ(scenario_.AwaitTranches("ptn-1", 3).tranches(2).amount_cents(), 2500000);
}

TEST_F(TrancheProcessorTest, RacingOrdersOfOneApprovalOrderOneTranche) {
  OpenCall("call-2019", 100000000);
  const events::v1::EventEnvelope approval = Approve("call-2019", "ptn-1", 20000000);
  const std::optional<v1::OrderTrancheCommand> command = TrancheCommandFor(approval);
  ASSERT_TRUE(command.has_value());
  EXPECT_EQ(command->request_id(), approval.event_id());
  const int64_t records = scenario_.SubsidyRecords();
  // As replicas that both saw the approval would: at the same time.
  std::vector<absl::StatusOr<service::CommandOutcome>> outcomes(4, absl::UnknownError("unset"));
  std::vector<std::thread> racers;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    racers.emplace_back([&, i] {
      outcomes[i] = OrderTranche(scenario_.runtime(), scenario_.topics().subsidy, approval,
                                 *command, absl::Now() + kPatience);
    });
  }
  for (std::thread& racer : racers) racer.join();
  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_EQ(outcome->record.event_ids(0), outcomes[0]->record.event_ids(0));
  }
  // Losing attempts may be in the log too; the command guard refuses them everywhere.
  EXPECT_GE(scenario_.SubsidyRecords() - records, 1);
  auto payments = scenario_.Payments("ptn-1");
  ASSERT_TRUE(payments.ok()) << payments.status();
  EXPECT_EQ(payments->tranches_size(), 1);
  EXPECT_EQ(payments->ordered_cents(), 10000000);
}

TEST_F(TrancheProcessorTest, TwoProcessorsInOneGroupOrderEveryTrancheOnce) {
  scenario_.StartTrancheProcessor();
  scenario_.StartTrancheProcessor();
  for (int i = 1; i <= 6; ++i) {
    const std::string call = "call-" + std::to_string(i);
    OpenCall(call, 100000000);
    Approve(call, "ptn-" + std::to_string(i), 1000000 * i);
  }
  for (int i = 1; i <= 6; ++i) scenario_.AwaitTranches("ptn-" + std::to_string(i), 1);
  // Whichever member ordered it, and however often a rebalance made one act again.
  scenario_.CatchUp();
  for (int i = 1; i <= 6; ++i) {
    auto payments = scenario_.Payments("ptn-" + std::to_string(i));
    ASSERT_TRUE(payments.ok()) << payments.status();
    EXPECT_EQ(payments->tranches_size(), 1);
    EXPECT_EQ(payments->ordered_cents(), 500000 * i);
  }
}

TEST_F(TrancheProcessorTest, ARefusedApprovalAttemptOrdersNothing) {
  const int processor = scenario_.StartTrancheProcessor();
  OpenCall("call-2019", 100000000);
  // An attempt that lost its race for the call's version 2 (the command guard refuses it
  // everywhere): it approves nothing, so it pays nothing.
  Approve("call-2019", "ptn-lost", 20000000, /*version=*/1);
  Approve("call-2019", "ptn-1", 2000000);
  scenario_.AwaitTranches("ptn-1", 1);
  ProcessorCaughtUp(processor);
  EXPECT_EQ(ReasonOf(scenario_.Payments("ptn-lost").status()), "PARTNERSHIP_NOT_FOUND");
}

TEST_F(TrancheProcessorTest, AnApprovalNothingExplainsIsSetAsideAndOrdersNothing) {
  const int processor = scenario_.StartTrancheProcessor();
  // A report approved for a partnership that was never approved cannot release a tranche,
  // now or ever: it is set aside, named where an operator and the audit see it, and the
  // processor goes on with the approvals after it (rulebook section 9).
  ApproveReport("ptn-unknown", partnership::REPORT_KIND_INTERIM, 2);
  OpenCall("call-2019", 100000000);
  Approve("call-2019", "ptn-1", 2000000);
  scenario_.AwaitTranches("ptn-1", 1);
  ProcessorCaughtUp(processor);
  EXPECT_TRUE(scenario_.tranche_runtime(processor).projection().Health().ok());
  EXPECT_EQ(ReasonOf(scenario_.Payments("ptn-unknown").status()), "PARTNERSHIP_NOT_FOUND");
  const std::vector<projection::v1::QuarantinedFact> set_aside =
      projection::testing::Quarantined(scenario_.tranche_runtime(processor).store());
  ASSERT_EQ(set_aside.size(), 1u);
  EXPECT_EQ(set_aside[0].aggregate_id(), "ptn-unknown");
  EXPECT_NE(set_aside[0].detail().find("PARTNERSHIP_NOT_APPROVED"), std::string::npos)
      << set_aside[0].detail();
}

}  // namespace
}  // namespace stem::subsidy
