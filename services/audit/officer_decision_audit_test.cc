// Officers' decisions re-judged from their facts: a provisional then a full recognition
// pass, a full one for a newcomer does not; an approval within the call's rules passes,
// one beyond its budget or for a lead not recognised then does not.
#include "services/audit/officer_decision_audit.h"

#include <gtest/gtest.h>

#include <deque>

#include "google/protobuf/util/time_util.h"
#include "libs/clock/clock.h"
#include "stem/partnership/v1/events.pb.h"
#include "stem/recognition/v1/events.pb.h"

namespace stem::audit {
namespace {

constexpr char kKbo[] = "0123456749";
// An EDUCATION partner of every application; an academy only in the tests that grant it.
constexpr char kPartnerAcademy[] = "0200000043";

class OfficerDecisionAuditTest : public ::testing::Test {
 protected:
  void Add(const std::string& aggregate_id, const std::string& instant,
           const google::protobuf::Message& payload) {
    eventlog::Record& record = records_.emplace_back();
    record.topic_partition = {"t", 0};
    record.offset = static_cast<int64_t>(records_.size());
    AuditedFact& fact = facts_.emplace_back();
    fact.position = {record.topic_partition, record.offset};
    fact.event.set_event_id("e" + std::to_string(records_.size()));
    fact.event.set_aggregate_id(aggregate_id);
    fact.event.set_aggregate_version(static_cast<int64_t>(records_.size()));
    *fact.event.mutable_occurred_at() = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
        absl::ToUnixNanos(*clock::ParseInstant(instant)));
    fact.event.mutable_payload()->PackFrom(payload);
  }

  void Grant(recognition::v1::RecognitionKind kind, const std::string& from,
             const std::string& until, const std::string& kbo = kKbo) {
    recognition::v1::RecognitionGranted granted;
    granted.set_kind(kind);
    granted.set_valid_from(from);
    granted.set_valid_until(until);
    Add(kbo, from + "T10:00:00+01:00", granted);
  }

  void OpenCallAndApply() {
    partnership::v1::CallOpened call;
    call.set_call_id("2019");
    call.set_budget_cents(1000000);
    call.set_duration_months(24);
    call.set_latest_start_months(3);
    Add("2019", "2019-01-02T10:00:00+01:00", call);
    for (const char* id : {"ptn-1", "ptn-2"}) {
      partnership::v1::PartnershipApplicationSubmitted application;
      application.set_partnership_id(id);
      application.set_call_id("2019");
      application.set_lead_kbo(kKbo);
      application.set_requested_cents(600000);
      partnership::v1::Partner* partner = application.add_partners();
      partner->set_kbo(kPartnerAcademy);
      partner->set_role(partnership::v1::HELIX_ROLE_EDUCATION);
      Add(id, "2019-02-01T10:00:00+01:00", application);
    }
  }

  void Approve(const std::string& id, int64_t cents,
               const std::string& project_end = "2021-03-31") {
    partnership::v1::PartnershipApproved approved;
    approved.set_call_id("2019");
    approved.set_partnership_id(id);
    approved.set_lead_kbo(kKbo);
    approved.set_approved_cents(cents);
    approved.set_decided_on("2019-03-01");
    approved.set_project_start("2019-04-01");
    approved.set_project_end(project_end);
    Add("2019", "2019-03-01T10:00:00+01:00", approved);
  }

  std::deque<eventlog::Record> records_;
  std::vector<AuditedFact> facts_;
};

TEST_F(OfficerDecisionAuditTest, AProvisionalThenAFullRecognitionPass) {
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-01-07", "2020-01-06");
  Grant(recognition::v1::RECOGNITION_KIND_FULL, "2019-12-02", "2022-12-01");
  OfficerDecisionAuditResult result = AuditOfficerDecisions(facts_);
  ASSERT_EQ(result.checks.size(), 2u);
  EXPECT_TRUE(result.divergences.empty()) << result.divergences[0].description();
}

TEST_F(OfficerDecisionAuditTest, AFullRecognitionForANewcomerIsNamed) {
  Grant(recognition::v1::RECOGNITION_KIND_FULL, "2019-01-07", "2022-01-06");
  OfficerDecisionAuditResult result = AuditOfficerDecisions(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_EQ(result.divergences[0].facts(0).event_id(), "e1");
}

TEST_F(OfficerDecisionAuditTest, AWrongValidityIsNamed) {
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-01-07", "2022-01-06");
  EXPECT_EQ(AuditOfficerDecisions(facts_).divergences.size(), 1u);
}

TEST_F(OfficerDecisionAuditTest, ApprovalsWithinTheCallPassAndBeyondItsBudgetAreNamed) {
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-01-07", "2020-01-06");
  OpenCallAndApply();
  Approve("ptn-1", 600000);
  Approve("ptn-2", 500000);  // 1,100,000 of a budget of 1,000,000
  OfficerDecisionAuditResult result = AuditOfficerDecisions(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_NE(result.divergences[0].description().find("BUDGET_EXCEEDED"), std::string::npos)
      << result.divergences[0].description();
  EXPECT_EQ(result.checks.size(), 3u);
}

TEST_F(OfficerDecisionAuditTest, AnApprovalForALeadNotRecognisedThenIsNamed) {
  OpenCallAndApply();
  Approve("ptn-1", 600000);
  // Recognised only after the approval was recorded.
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-03-04", "2020-03-03");
  OfficerDecisionAuditResult result = AuditOfficerDecisions(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_NE(result.divergences[0].description().find("NOT_RECOGNISED"), std::string::npos)
      << result.divergences[0].description();
}

// Rulebook section 6: every partner that is an academy confirmed before the approval, as
// the facts recorded by then give it.
TEST_F(OfficerDecisionAuditTest, AnApprovalBeforeAnAcademyPartnerConfirmedIsNamed) {
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-01-07", "2020-01-06");
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-01-08", "2020-01-07", kPartnerAcademy);
  OpenCallAndApply();
  partnership::v1::ParticipationConfirmed confirmed;
  confirmed.set_partnership_id("ptn-1");
  confirmed.set_partner_kbo(kPartnerAcademy);
  confirmed.set_confirmed_on("2019-02-10");
  Add("ptn-1", "2019-02-10T10:00:00+01:00", confirmed);
  Approve("ptn-1", 400000);
  Approve("ptn-2", 400000);  // its partner never confirmed
  // A confirmation recorded after the approval does not make it right.
  confirmed.set_partnership_id("ptn-2");
  Add("ptn-2", "2019-03-05T10:00:00+01:00", confirmed);
  OfficerDecisionAuditResult result = AuditOfficerDecisions(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_NE(result.divergences[0].description().find("PARTNER_NOT_CONFIRMED"), std::string::npos)
      << result.divergences[0].description();
  EXPECT_NE(result.divergences[0].description().find(kPartnerAcademy), std::string::npos);
}

// The period a call's duration gives: 24 months from 1 April 2019 end on 31 March 2021.
TEST_F(OfficerDecisionAuditTest, AnApprovalWithAnotherProjectEndIsNamed) {
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-01-07", "2020-01-06");
  OpenCallAndApply();
  Approve("ptn-1", 400000, "2021-04-30");
  OfficerDecisionAuditResult result = AuditOfficerDecisions(facts_);
  ASSERT_EQ(result.divergences.size(), 1u);
  EXPECT_NE(result.divergences[0].description().find("project end 2021-04-30 where the rule "
                                                     "gives 2021-03-31"),
            std::string::npos)
      << result.divergences[0].description();
}

TEST_F(OfficerDecisionAuditTest, APartnerThatIsNoAcademyNeedNotConfirm) {
  Grant(recognition::v1::RECOGNITION_KIND_PROVISIONAL, "2019-01-07", "2020-01-06");
  OpenCallAndApply();
  Approve("ptn-1", 400000);
  EXPECT_TRUE(AuditOfficerDecisions(facts_).divergences.empty());
}

}  // namespace
}  // namespace stem::audit
