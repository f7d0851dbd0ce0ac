// The subsidy context end to end over a real Kafka broker: academies recognised, a school
// calendar, activities and attendance (appended as their services write them), a period with
// applications and municipal demand, a STEM-partnership approved with its reports (partnership
// service), the allocation checked against amounts computed by hand, the sessions inside the
// partnership's project counted 0 (no double funding), the tranches ordered by the tranche
// processor in a Kafka consumer group, and the reports. Each run has topics and groups of its own
// (a unique prefix).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "contexts/partnership/partnership_projector.h"
#include "libs/common/error.h"
#include "libs/eventlog/kafka_event_log.h"
#include "libs/rpc/status.h"
#include "services/partnership/partnership_service.h"
#include "services/partnership/testing/partnership_scenario.h"
#include "services/subsidy/testing/subsidy_scenario.h"
#include "tests/integration/kafka_test_util.h"

namespace stem::subsidy {
namespace {

using eventlog::kafka_testing::KafkaBootstrap;
using eventlog::kafka_testing::TestKafkaOptions;
using eventlog::kafka_testing::UniqueKafkaName;
using service::testing::ServiceHarness;
using testing::AcademyToken;
using testing::kA;
using testing::kB;
using testing::kC;
using testing::SubsidyScenario;

service::testing::HarnessOptions KafkaOptions() {
  service::testing::HarnessOptions options = testing::SubsidyScenarioOptions();
  options.topic_prefix = UniqueKafkaName("subsidy") + ".";
  options.open_log = [](const std::string&) -> std::unique_ptr<eventlog::EventLog> {
    auto log = eventlog::OpenKafkaEventLog(TestKafkaOptions());
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? std::move(*log) : nullptr;
  };
  return options;
}

// The partnership service's API, as a client calls it.
class PartnershipClient {
 public:
  explicit PartnershipClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(partnership::v1::PartnershipService::NewStub(std::move(channel))) {}

  absl::Status OpenCall(const partnership::v1::OpenCallRequest& request) {
    partnership::v1::OpenCallResponse response;
    return rpc::FromGrpcStatus(
        stub_->OpenCall(ServiceHarness::As("officer").get(), request, &response));
  }
  absl::StatusOr<std::string> Apply(const partnership::v1::SubmitPartnershipApplicationRequest& r) {
    partnership::v1::SubmitPartnershipApplicationResponse response;
    absl::Status status = rpc::FromGrpcStatus(stub_->SubmitPartnershipApplication(
        ServiceHarness::As(AcademyToken(r.lead_kbo())).get(), r, &response));
    if (!status.ok()) return status;
    return response.partnership_id();
  }
  // A partner that is an academy confirms its participation as itself.
  absl::Status Confirm(const std::string& partnership_id, const std::string& partner) {
    partnership::v1::ConfirmParticipationRequest request;
    request.set_request_id("confirm-" + partnership_id + "-" + partner);
    request.set_partnership_id(partnership_id);
    request.set_partner_kbo(partner);
    partnership::v1::ConfirmParticipationResponse response;
    return rpc::FromGrpcStatus(stub_->ConfirmParticipation(
        ServiceHarness::As(AcademyToken(partner)).get(), request, &response));
  }
  absl::Status Approve(const std::string& partnership_id, int64_t amount,
                       const std::string& start) {
    partnership::v1::ApprovePartnershipRequest request;
    request.set_request_id("approve-" + partnership_id);
    request.set_partnership_id(partnership_id);
    request.set_approved_cents(amount);
    request.set_project_start(start);
    partnership::v1::ApprovePartnershipResponse response;
    return rpc::FromGrpcStatus(
        stub_->ApprovePartnership(ServiceHarness::As("officer").get(), request, &response));
  }
  // The lead submits the report, an officer approves it.
  absl::Status Report(const std::string& partnership_id, partnership::v1::ReportKind kind) {
    partnership::v1::SubmitReportResponse submitted;
    absl::Status status = rpc::FromGrpcStatus(stub_->SubmitReport(
        ServiceHarness::As(AcademyToken(kA)).get(),
        partnership::testing::ReportRequest("report-" + std::to_string(kind), partnership_id, kind),
        &submitted));
    if (!status.ok()) return status;
    partnership::v1::ApproveReportRequest approve;
    approve.set_request_id("approve-" + submitted.report_id());
    approve.set_partnership_id(partnership_id);
    approve.set_report_id(submitted.report_id());
    partnership::v1::ApproveReportResponse approved;
    return rpc::FromGrpcStatus(
        stub_->ApproveReport(ServiceHarness::As("officer").get(), approve, &approved));
  }

 private:
  std::unique_ptr<partnership::v1::PartnershipService::Stub> stub_;
};

TEST(SubsidyEndToEndTest, APeriodAndAPartnershipFromRecognitionToTranches) {
  // Fails (does not skip) without a broker.
  ASSERT_FALSE(KafkaBootstrap().empty());
  const service::testing::HarnessOptions options = KafkaOptions();
  // Declared before the scenario: its replica stops before the projector goes.
  partnership::PartnershipProjector partnership_projector(
      service::Topics::WithPrefix(options.topic_prefix));
  SubsidyScenario scenario(options);
  const int partnership_replica = scenario.harness().StartReplica(
      partnership_projector,
      [&](service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator) {
        return std::make_unique<partnership::PartnershipServiceImpl>(
            runtime, authenticator, activity::testing::Municipalities(), scenario.topics());
      });
  PartnershipClient partnerships(scenario.harness().Channel(partnership_replica));
  scenario.StartTrancheProcessor();

  // Monday 7 January 2019: three academies recognised for a year, the school calendar.
  scenario.Recognise({kA, kB, kC});
  scenario.PublishCalendar("2018-2019");
  // Period 1 of 2019: budget EUR 5,000, minimum grant EUR 1,000; window until April.
  ASSERT_TRUE(scenario
                  .OpenPeriod(SubsidyScenario::PeriodRequest(
                      "2019-1", "2019-01-01", "2019-06-30", "2019-01-01T00:00:00+01:00",
                      "2019-04-01T00:00:00+02:00", "2019-07-15T00:00:00+02:00", 500000, 100000))
                  .ok());
  // A leads a STEM-partnership with B as its education partner.
  ASSERT_TRUE(
      partnerships.OpenCall(partnership::testing::CallRequest("call", "2019", 50000000)).ok());
  auto partnership_id =
      partnerships.Apply(partnership::testing::ApplicationRequest("ptn", "2019", kA, 20000000));
  ASSERT_TRUE(partnership_id.ok()) << partnership_id.status();

  const std::string a = scenario.RegisterActivity(
      kA, "11002", {{"2019-03-02", "10:00", "12:00"}, {"2019-05-04", "10:00", "12:00"}});
  const std::string b = scenario.RegisterActivity(
      kB, "44021", {{"2019-03-12", "15:00", "17:00"}, {"2019-05-04", "10:00", "12:00"}});
  const std::string c = scenario.RegisterActivity(kC, "11002", {{"2019-03-16", "10:00", "12:00"}});
  ASSERT_TRUE(scenario.Apply(AcademyToken(kA), "2019-1", kA).ok());
  ASSERT_TRUE(scenario.Apply(AcademyToken(kB), "2019-1", kB).ok());
  ASSERT_TRUE(scenario.Apply(AcademyToken(kC), "2019-1", kC, 105000).ok());
  ASSERT_TRUE(scenario.RegisterDemand("municipality-11002", "2019-1", "11002").ok());

  // 15 April: the partnership is approved for EUR 200,000 from 1 May 2019 (to 30 April
  // 2021). Its first tranche: floor(20000000 x 500 / 1000) = 10000000.
  scenario.harness().AdvanceTo("2019-04-15T09:00:00Z");
  const absl::Status unconfirmed = partnerships.Approve(*partnership_id, 20000000, "2019-05-01");
  EXPECT_EQ(unconfirmed.code(), absl::StatusCode::kFailedPrecondition) << unconfirmed;
  const absl::Status confirmed = partnerships.Confirm(*partnership_id, kB);
  ASSERT_TRUE(confirmed.ok()) << confirmed;
  const absl::Status approved = partnerships.Approve(*partnership_id, 20000000, "2019-05-01");
  ASSERT_TRUE(approved.ok()) << approved;
  v1::Payments payments = scenario.AwaitTranches(*partnership_id, 1);
  EXPECT_EQ(payments.tranches(0).amount_cents(), 10000000);

  scenario.harness().AdvanceTo("2019-05-06T09:00:00Z");
  scenario.Attend(kA, a, "s1", {{10, 10}});                           // 10 x 120 = 1200
  scenario.Attend(kA, a, "s2", {{10, 10}});                           // in the project: 0
  scenario.Attend(kB, b, "s1", {{4, 2}, {8, 10}, {12, 5}, {19, 1}});  // 15 x 60 = 900
  scenario.Attend(kB, b, "s2", {{10, 5}});                            // in the project: 0
  scenario.Attend(kC, c, "s1", {{10, 1}});                            // 1 x 120 = 120
  // No double funding: the lead's and the partner's sessions inside the project count 0.
  auto before_project = scenario.SessionMinutes(a, "s1");  // 2019-03-02
  auto in_project = scenario.SessionMinutes(a, "s2");      // 2019-05-04
  ASSERT_TRUE(before_project.ok()) << before_project.status();
  ASSERT_TRUE(in_project.ok()) << in_project.status();
  EXPECT_EQ(before_project->child_minutes(), 1200);
  EXPECT_EQ(in_project->child_minutes(), 0);
  EXPECT_EQ(in_project->zero_reason(), activity::v1::ZERO_REASON_PARTNERSHIP_PERIOD);

  // The reports, approved: the interim tranche floor(20000000 x 300 / 1000) = 6000000,
  // the final tranche the remainder 20000000 - 10000000 - 6000000 = 4000000.
  ASSERT_TRUE(partnerships.Report(*partnership_id, partnership::v1::REPORT_KIND_INTERIM).ok());
  ASSERT_TRUE(partnerships.Report(*partnership_id, partnership::v1::REPORT_KIND_FINAL).ok());
  payments = scenario.AwaitTranches(*partnership_id, 3);
  EXPECT_EQ(payments.tranches(1).amount_cents(), 6000000);
  EXPECT_EQ(payments.tranches(2).amount_cents(), 4000000);
  EXPECT_EQ(payments.ordered_cents(), 20000000);
  EXPECT_EQ(payments.outstanding_cents(), 0);

  // 15 July, after the reporting deadline: the allocation.
  scenario.harness().AdvanceTo("2019-07-15T08:00:00Z");
  auto allocated = scenario.Allocate("2019-1");
  ASSERT_TRUE(allocated.ok()) << allocated.status();
  // By hand. Weights A 1200, B 900, C 120; C's cap is its requested 105000. B = 500000,
  // m = 100000; 3 x m = 300000 <= B. CLR(R = 200000, caps reduced by m: C 5000):
  //   round 1: W = 2220; C: 200000 x 120 = 24,000,000 >= 5000 x 2220 = 11,100,000: C gets
  //            5000; R = 195000;
  //   round 2: W = 2100; no caps left.
  //   A: 195000 x 1200 = 234,000,000 = 111428 x 2100 + 1200;
  //   B: 195000 x 900 = 175,500,000 = 83571 x 2100 + 900;
  //   111428 + 83571 = 194999: one cent left, to the larger remainder, A.
  // A 100000 + 111429 = 211429; B 100000 + 83571 = 183571; C 100000 + 5000 = 105000.
  std::map<std::string, v1::SubsidyDecided> decisions;
  for (const char* kbo : {kA, kB, kC}) {
    auto decision = scenario.Decision("2019-1", kbo);
    ASSERT_TRUE(decision.ok()) << kbo << ": " << decision.status();
    decisions[kbo] = *decision;
  }
  EXPECT_EQ(decisions[kA].amount_cents(), 211429);
  EXPECT_EQ(decisions[kB].amount_cents(), 183571);
  EXPECT_EQ(decisions[kC].amount_cents(), 105000);
  EXPECT_EQ(decisions[kA].child_minutes(), 1200);
  EXPECT_EQ(decisions[kB].child_minutes(), 900);
  EXPECT_EQ(decisions[kC].trace().outcome(), v1::SHARE_OUTCOME_CAPPED);
  EXPECT_TRUE(decisions[kA].trace().extra_cent());
  EXPECT_EQ(allocated->summary().allocated_cents(), 500000);
  EXPECT_EQ(allocated->summary().municipalities_reached(), 2);  // 11002, 44021
  ASSERT_EQ(allocated->summary().municipalities_with_demand_size(), 1);

  // The reports: coverage and budgets.
  v1::GetCoverageRequest coverage_request;
  coverage_request.set_period_id("2019-1");
  v1::GetCoverageResponse coverage;
  ASSERT_TRUE(scenario.reports()
                  .GetCoverage(ServiceHarness::As("auditor").get(), coverage_request, &coverage)
                  .ok());
  EXPECT_EQ(coverage.municipalities_total(), 300);
  EXPECT_EQ(coverage.municipalities_reached(), 2);
  EXPECT_EQ(coverage.child_minutes(), 1200 + 900 + 120);
  for (const v1::MunicipalityCoverage& line : coverage.municipalities()) {
    if (line.nis_code() != "11002") continue;
    EXPECT_EQ(line.academy_kbos_size(), 2);
    ASSERT_EQ(line.trajectory_partnership_ids_size(), 1);
    EXPECT_EQ(line.trajectory_partnership_ids(0), *partnership_id);
  }
  v1::GetBudgetsResponse budgets;
  ASSERT_TRUE(
      scenario.reports()
          .GetBudgets(ServiceHarness::As("officer").get(), v1::GetBudgetsRequest(), &budgets)
          .ok());
  ASSERT_EQ(budgets.periods_size(), 1);
  EXPECT_EQ(budgets.periods(0).unspent_cents(), 0);
  ASSERT_EQ(budgets.calls_size(), 1);
  EXPECT_EQ(budgets.calls(0).approved_cents(), 20000000);
  EXPECT_EQ(budgets.calls(0).paid_cents(), 20000000);
  EXPECT_EQ(budgets.calls(0).unspent_cents(), 50000000 - 20000000);
}

}  // namespace
}  // namespace stem::subsidy
