#include "services/partnership/testing/partnership_scenario.h"

#include <gtest/gtest.h>

#include "contexts/activity/testing/activity_facts.h"
#include "contexts/recognition/testing/recognition_facts.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/clock/clock.h"
#include "libs/common/check.h"
#include "libs/common/shared_data.h"
#include "libs/rpc/status.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership::testing {
namespace {

using service::testing::ServiceHarness;

constexpr absl::Duration kPatience = absl::Seconds(60);
constexpr int kPartnershipReplica = 2;

// The response of a finished call, or its error.
template <typename Response>
absl::StatusOr<Response> Answer(const grpc::Status& status, Response&& response) {
  absl::Status converted = rpc::FromGrpcStatus(status);
  if (!converted.ok()) return converted;
  return std::forward<Response>(response);
}

v1::Partner PartnerOf(const std::string& kbo, v1::HelixRole role) {
  v1::Partner partner;
  partner.set_kbo(kbo);
  partner.set_role(role);
  return partner;
}

}  // namespace

service::testing::HarnessOptions ScenarioOptions() {
  service::testing::HarnessOptions options;
  options.clock_start = "2019-01-07T09:00:00Z";
  options.academies = {kAcademy, kOther, kStranger};
  options.municipalities = {"11002", "44021", "71072"};
  options.fact_rules = &suite::SuiteFactRules();
  return options;
}

v1::OpenCallRequest CallRequest(const std::string& request_id, const std::string& call_id,
                                int64_t budget_cents) {
  v1::OpenCallRequest request;
  request.set_request_id(request_id);
  request.set_call_id(call_id);
  request.set_title("STEM-partnerschappen " + call_id);
  request.set_budget_cents(budget_cents);
  request.set_max_per_project_cents(20000000);
  request.set_duration_months(24);
  request.set_latest_start_months(3);
  request.set_interim_due_months(12);
  request.set_final_due_months_after_end(3);
  return request;
}

v1::SubmitPartnershipApplicationRequest ApplicationRequest(const std::string& request_id,
                                                           const std::string& call_id,
                                                           const std::string& lead,
                                                           int64_t requested_cents) {
  v1::SubmitPartnershipApplicationRequest request;
  request.set_request_id(request_id);
  request.set_call_id(call_id);
  request.set_lead_kbo(lead);
  *request.add_partners() = PartnerOf(kCity, v1::HELIX_ROLE_LOCAL_GOVERNMENT);
  *request.add_partners() = PartnerOf(kCompany, v1::HELIX_ROLE_COMPANY);
  // An academy is not its own partner: kOther leading brings a school instead.
  *request.add_partners() = PartnerOf(lead == kOther ? kSchool : kOther, v1::HELIX_ROLE_EDUCATION);
  request.add_region_nis_codes("11002");
  request.add_region_nis_codes("11007");
  request.set_requested_cents(requested_cents);
  request.set_title("STEM-regio Antwerpen");
  request.set_description("Trajecten robotica en programmeren in de Antwerpse wijken.");
  return request;
}

v1::SubmitReportRequest ReportRequest(const std::string& request_id,
                                      const std::string& partnership_id, v1::ReportKind kind) {
  v1::SubmitReportRequest request;
  request.set_request_id(request_id);
  request.set_partnership_id(partnership_id);
  request.set_kind(kind);
  request.add_trajectory_nis_codes("11002");
  request.set_children_reached(120);
  request.set_narrative("Twee trajecten robotica opgezet met de stad en de scholen.");
  return request;
}

PartnershipScenario::PartnershipScenario(const service::testing::HarnessOptions& options)
    : topics_(service::Topics::WithPrefix(options.topic_prefix)),
      academy_projector_(topics_.recognition),
      activity_projector_(topics_),
      partnership_projector_(topics_),
      another_partnership_projector_(topics_),
      harness_(std::make_unique<ServiceHarness>(options)) {
  const int recognition_replica = harness_->StartReadModel(academy_projector_);
  const int activity_replica = harness_->StartReadModel(activity_projector_);
  const int partnership_replica = harness_->StartReplica(
      partnership_projector_,
      [this](service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator) {
        return std::make_unique<PartnershipServiceImpl>(
            runtime, authenticator, activity::testing::Municipalities(), topics_);
      });
  STEM_CHECK(recognition_replica == 0 && activity_replica == 1 &&
                 partnership_replica == kPartnershipReplica,
             "replica order");
  partnership_ = v1::PartnershipService::NewStub(harness_->Channel(kPartnershipReplica));
}

PartnershipScenario::~PartnershipScenario() {
  partnership_.reset();
  harness_.reset();
}

std::unique_ptr<v1::PartnershipService::Stub>
PartnershipScenario::StartAnotherPartnershipReplica() {
  const int replica = harness_->StartReplica(
      another_partnership_projector_,
      [this](service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator) {
        return std::make_unique<PartnershipServiceImpl>(
            runtime, authenticator, activity::testing::Municipalities(), topics_);
      });
  return v1::PartnershipService::NewStub(harness_->Channel(replica));
}

std::string PartnershipScenario::NextRequestId() {
  return "req-" + std::to_string(++next_request_);
}

absl::Status PartnershipScenario::Recognise(const std::string& kbo) {
  recognition::testing::AppendRecognition(*harness_, topics_.recognition, kbo);
  return absl::OkStatus();
}

absl::Status PartnershipScenario::Revoke(const std::string& kbo,
                                         const std::string& effective_from) {
  recognition::testing::AppendRevocation(*harness_, topics_.recognition, kbo, effective_from);
  return absl::OkStatus();
}

absl::StatusOr<std::string> PartnershipScenario::RegisterActivity(
    const std::string& kbo, const std::vector<std::string>& dates) {
  return activity::testing::AppendActivity(
             *harness_, topics_.activity,
             activity::testing::ActivityRequest(NextRequestId(), dates, kbo))
      .activity_id();
}

absl::StatusOr<activity::v1::SessionChildMinutes> PartnershipScenario::SessionMinutes(
    const std::string& activity_id, const std::string& session_id) {
  return activity::testing::SessionMinutes(harness_->runtime(1), activity_id, session_id);
}

absl::Status PartnershipScenario::OpenCall(const v1::OpenCallRequest& request,
                                           const std::string& token) {
  v1::OpenCallResponse response;
  return rpc::FromGrpcStatus(
      partnership_->OpenCall(ServiceHarness::As(token).get(), request, &response));
}

absl::StatusOr<v1::SubmitPartnershipApplicationResponse> PartnershipScenario::Submit(
    const std::string& token, const v1::SubmitPartnershipApplicationRequest& request) {
  v1::SubmitPartnershipApplicationResponse response;
  const grpc::Status status = partnership_->SubmitPartnershipApplication(
      ServiceHarness::As(token).get(), request, &response);
  return Answer(status, std::move(response));
}

v1::ApprovePartnershipRequest PartnershipScenario::ApproveRequest(
    const std::string& partnership_id, int64_t approved_cents, const std::string& project_start) {
  v1::ApprovePartnershipRequest request;
  request.set_request_id(NextRequestId());
  request.set_partnership_id(partnership_id);
  request.set_approved_cents(approved_cents);
  request.set_project_start(project_start);
  return request;
}

absl::StatusOr<v1::ApprovePartnershipResponse> PartnershipScenario::Approve(
    const v1::ApprovePartnershipRequest& request, const std::string& token) {
  v1::ApprovePartnershipResponse response;
  const grpc::Status status =
      partnership_->ApprovePartnership(ServiceHarness::As(token).get(), request, &response);
  return Answer(status, std::move(response));
}

absl::Status PartnershipScenario::Reject(const std::string& partnership_id,
                                         const std::string& reason, const std::string& token) {
  v1::RejectPartnershipRequest request;
  request.set_request_id(NextRequestId());
  request.set_partnership_id(partnership_id);
  request.set_reason(reason);
  v1::RejectPartnershipResponse response;
  return rpc::FromGrpcStatus(
      partnership_->RejectPartnership(ServiceHarness::As(token).get(), request, &response));
}

absl::Status PartnershipScenario::Confirm(const std::string& partnership_id,
                                          const std::string& partner, const std::string& token) {
  v1::ConfirmParticipationRequest request;
  request.set_request_id(NextRequestId());
  request.set_partnership_id(partnership_id);
  request.set_partner_kbo(partner);
  v1::ConfirmParticipationResponse response;
  return rpc::FromGrpcStatus(partnership_->ConfirmParticipation(
      ServiceHarness::As(token.empty() ? "academy-" + partner : token).get(), request, &response));
}

absl::Status PartnershipScenario::Decline(const std::string& partnership_id,
                                          const std::string& partner, const std::string& reason,
                                          const std::string& token) {
  v1::DeclineParticipationRequest request;
  request.set_request_id(NextRequestId());
  request.set_partnership_id(partnership_id);
  request.set_partner_kbo(partner);
  request.set_reason(reason);
  v1::DeclineParticipationResponse response;
  return rpc::FromGrpcStatus(partnership_->DeclineParticipation(
      ServiceHarness::As(token.empty() ? "academy-" + partner : token).get(), request, &response));
}

absl::StatusOr<v1::SubmitReportResponse> PartnershipScenario::SubmitReport(
    const std::string& token, const v1::SubmitReportRequest& request) {
  v1::SubmitReportResponse response;
  const grpc::Status status =
      partnership_->SubmitReport(ServiceHarness::As(token).get(), request, &response);
  return Answer(status, std::move(response));
}

absl::Status PartnershipScenario::ApproveReport(const std::string& partnership_id,
                                                const std::string& report_id,
                                                const std::string& token) {
  v1::ApproveReportRequest request;
  request.set_request_id(NextRequestId());
  request.set_partnership_id(partnership_id);
  request.set_report_id(report_id);
  v1::ApproveReportResponse response;
  return rpc::FromGrpcStatus(
      partnership_->ApproveReport(ServiceHarness::As(token).get(), request, &response));
}

absl::Status PartnershipScenario::RejectReport(const std::string& partnership_id,
                                               const std::string& report_id,
                                               const std::string& reason,
                                               const std::string& token) {
  v1::RejectReportRequest request;
  request.set_request_id(NextRequestId());
  request.set_partnership_id(partnership_id);
  request.set_report_id(report_id);
  request.set_reason(reason);
  v1::RejectReportResponse response;
  return rpc::FromGrpcStatus(
      partnership_->RejectReport(ServiceHarness::As(token).get(), request, &response));
}

absl::StatusOr<v1::Call> PartnershipScenario::GetCall(const std::string& call_id,
                                                      const std::string& token) {
  v1::GetCallRequest request;
  request.set_call_id(call_id);
  v1::GetCallResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      partnership_->GetCall(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response.call();
}

absl::StatusOr<v1::Partnership> PartnershipScenario::GetPartnership(
    const std::string& partnership_id, const std::string& token, const std::string& date) {
  v1::GetPartnershipRequest request;
  request.set_partnership_id(partnership_id);
  request.set_date(date);
  v1::GetPartnershipResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      partnership_->GetPartnership(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response.partnership();
}

absl::StatusOr<v1::ListPartnershipsResponse> PartnershipScenario::ListPartnerships(
    const std::string& token, const v1::ListPartnershipsRequest& request) {
  v1::ListPartnershipsResponse response;
  const grpc::Status status =
      partnership_->ListPartnerships(ServiceHarness::As(token).get(), request, &response);
  return Answer(status, std::move(response));
}

absl::StatusOr<v1::ListOverdueReportsResponse> PartnershipScenario::ListOverdueReports(
    const std::string& token, const v1::ListOverdueReportsRequest& request) {
  v1::ListOverdueReportsResponse response;
  const grpc::Status status =
      partnership_->ListOverdueReports(ServiceHarness::As(token).get(), request, &response);
  return Answer(status, std::move(response));
}

std::string PartnershipScenario::OpenRecogniseAndApply(int64_t budget_cents) {
  absl::Status opened = OpenCall(CallRequest(NextRequestId(), "2019", budget_cents));
  EXPECT_TRUE(opened.ok()) << opened;
  absl::Status recognised = Recognise(kAcademy);
  EXPECT_TRUE(recognised.ok()) << recognised;
  auto submitted = Submit("officer", ApplicationRequest(NextRequestId(), "2019"));
  EXPECT_TRUE(submitted.ok()) << submitted.status();
  return submitted.ok() ? submitted->partnership_id() : "";
}

void PartnershipScenario::ApproveFrom(const std::string& partnership_id,
                                      const std::string& project_start) {
  harness_->AdvanceTo("2019-06-03T08:00:00Z");
  auto approved = Approve(ApproveRequest(partnership_id, 20000000, project_start));
  ASSERT_TRUE(approved.ok()) << approved.status();
}

void PartnershipScenario::CatchUp() {
  absl::Status caught_up = harness_->CatchUpAll(absl::Now() + kPatience);
  ASSERT_TRUE(caught_up.ok()) << caught_up;
}

int64_t PartnershipScenario::Records() { return harness_->RecordCount(topics_.partnership); }

}  // namespace stem::partnership::testing
