// Tranches recomputed from the log (rulebook section 6): an order that follows from its
// approval passes; a wrong amount, a second order for one approval, or an order no approval
// explains is named.
#include "services/audit/tranche_audit.h"

#include <gtest/gtest.h>

#include <deque>

#include "stem/partnership/v1/events.pb.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::audit {
namespace {

class TrancheAuditTest : public ::testing::Test {
 protected:
  void Add(const std::string& event_id, const google::protobuf::Message& payload) {
    eventlog::Record& record = records_.emplace_back();
    record.topic_partition = {"t", 0};
    record.offset = static_cast<int64_t>(records_.size());
    AuditedFact& fact = facts_.emplace_back();
    fact.position = {record.topic_partition, record.offset};
    fact.event.set_event_id(event_id);
    fact.event.mutable_payload()->PackFrom(payload);
  }

  void Approve(const std::string& event_id, int64_t cents) {
    partnership::v1::PartnershipApproved approved;
    approved.set_partnership_id("ptn-1");
    approved.set_approved_cents(cents);
    Add(event_id, approved);
  }

  void Order(const std::string& event_id, const std::string& approval, int64_t amount,
             int64_t total) {
    subsidy::v1::PaymentOrdered order;
    order.set_partnership_id("ptn-1");
    order.set_trigger(subsidy::v1::PAYMENT_TRIGGER_PROJECT_APPROVED);
    order.set_approval_event_id(approval);
    order.set_tranche_number(1);
    for (int32_t share : {400, 400, 200}) order.add_schedule_permille(share);
    order.set_permille(400);
    order.set_approved_cents(100001);
    order.set_amount_cents(amount);
    order.set_ordered_total_cents(total);
    Add(event_id, order);
  }

  std::deque<eventlog::Record> records_;
  std::vector<AuditedFact> facts_;
};

TEST_F(TrancheAuditTest, AnOrderThatFollowsFromItsApprovalIsReproduced) {
  Approve("approval", 100001);
  Order("order", "approval", 40000, 40000);  // floor(100001 x 400 / 1000)
  TrancheAuditResult result = AuditTranches(facts_);
  ASSERT_EQ(result.checks.size(), 1u);
  EXPECT_TRUE(result.checks[0].reproduced()) << result.checks[0].detail();
  EXPECT_TRUE(result.divergences.empty());
}

TEST_F(TrancheAuditTest, AWrongAmountIsNamed) {
  Approve("approval", 100001);
  Order("order", "approval", 40001, 40001);
  TrancheAuditResult result = AuditTranches(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_EQ(result.divergences[0].kind(), v1::DIVERGENCE_KIND_TRANCHE_DIFFERS);
  EXPECT_EQ(result.divergences[0].facts(0).event_id(), "order");
  EXPECT_NE(result.divergences[0].description().find("schedule gives 40000"), std::string::npos)
      << result.divergences[0].description();
}

TEST_F(TrancheAuditTest, ASecondOrderForOneApprovalIsNamed) {
  Approve("approval", 100001);
  Order("order", "approval", 40000, 40000);
  Order("again", "approval", 40000, 80000);
  TrancheAuditResult result = AuditTranches(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_EQ(result.divergences[0].facts(0).event_id(), "again");
}

TEST_F(TrancheAuditTest, AnOrderWithoutApprovalIsNamed) {
  Order("order", "nowhere", 40000, 40000);
  TrancheAuditResult result = AuditTranches(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_FALSE(result.checks[0].reproduced());
}

TEST_F(TrancheAuditTest, AnApprovedAmountOtherThanTheApprovalsIsNamed) {
  Approve("approval", 90000);
  Order("order", "approval", 40000, 40000);
  EXPECT_EQ(AuditTranches(facts_).divergences.size(), 1u);
}

}  // namespace
}  // namespace stem::audit
