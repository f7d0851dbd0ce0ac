#include "services/activity/testing/activity_scenario.h"

#include <gtest/gtest.h>

#include "contexts/recognition/testing/recognition_facts.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/clock/clock.h"
#include "libs/common/check.h"
#include "libs/events/event_factory.h"
#include "libs/rpc/status.h"
#include "services/activity/activity_service.h"
#include "stem/partnership/v1/events.pb.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::activity::testing {
namespace {

using service::testing::ServiceHarness;

constexpr absl::Duration kPatience = absl::Seconds(60);

}  // namespace

service::testing::HarnessOptions ScenarioOptions() {
  service::testing::HarnessOptions options;
  options.clock_start = "2019-01-07T09:00:00Z";
  options.academies = {kAcademy, kOther};
  options.municipalities = {"11002", "44021", "71072"};
  options.fact_rules = &suite::SuiteFactRules();
  return options;
}

std::map<std::string, v1::SessionChildMinutes> SessionsByDate(
    const v1::GetChildMinutesResponse& response) {
  std::map<std::string, v1::SessionChildMinutes> sessions;
  for (const v1::SessionChildMinutes& session : response.sessions()) {
    EXPECT_TRUE(sessions.emplace(session.date(), session).second) << session.date();
  }
  return sessions;
}

ActivityScenario::ActivityScenario(const service::testing::HarnessOptions& options)
    : topics_(service::Topics::WithPrefix(options.topic_prefix)),
      academy_projector_(topics_.recognition),
      activity_projector_(topics_),
      harness_(std::make_unique<ServiceHarness>(options)) {
  const int recognition_replica = harness_->StartReadModel(academy_projector_);
  const int activity_replica = harness_->StartReplica(
      activity_projector_,
      [this](service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator) {
        return std::make_unique<ActivityServiceImpl>(runtime, authenticator, Municipalities(),
                                                     topics_);
      });
  STEM_CHECK(recognition_replica == 0 && activity_replica == 1, "replica order");
  activity_ = v1::ActivityService::NewStub(harness_->Channel(1));
}

ActivityScenario::~ActivityScenario() {
  activity_.reset();
  harness_.reset();
}

std::string ActivityScenario::NextRequestId() { return "req-" + std::to_string(++next_request_); }

absl::Status ActivityScenario::Recognise(const std::string& kbo) {
  recognition::testing::AppendRecognition(*harness_, topics_.recognition, kbo);
  return absl::OkStatus();
}

absl::Status ActivityScenario::Revoke(const std::string& kbo, const std::string& effective_from) {
  recognition::testing::AppendRevocation(*harness_, topics_.recognition, kbo, effective_from);
  return absl::OkStatus();
}

absl::Status ActivityScenario::PublishCalendar(const std::string& school_year,
                                               const std::string& token) {
  auto request = CalendarRequest(school_year, NextRequestId());
  if (!request.ok()) return request.status();
  v1::PublishSchoolCalendarResponse response;
  return rpc::FromGrpcStatus(
      activity_->PublishSchoolCalendar(ServiceHarness::As(token).get(), *request, &response));
}

void ActivityScenario::OpenPeriod(const std::string& period_id, const std::string& first_day,
                                  const std::string& last_day,
                                  const std::string& reporting_deadline) {
  subsidy::v1::PeriodOpened opened;
  opened.set_period_id(period_id);
  opened.set_title("Zaainiveau " + period_id);
  opened.set_first_day(first_day);
  opened.set_last_day(last_day);
  opened.set_window_opens_at("2019-01-01T00:00:00Z");
  opened.set_window_closes_at("2019-02-01T00:00:00Z");
  opened.set_reporting_deadline(reporting_deadline);
  opened.set_budget_cents(25000000);
  opened.set_rule_id("KINDUREN_2019");
  opened.set_minimum_grant_cents(100000);
  harness_->AppendFact(topics_.subsidy, "period", period_id, opened);
}

void ActivityScenario::ApprovePartnership(const std::string& call_id,
                                          const std::string& partnership_id,
                                          const std::string& lead_kbo,
                                          const std::vector<std::string>& partners,
                                          const std::string& project_start,
                                          const std::string& project_end) {
  partnership::v1::PartnershipApproved approved;
  approved.set_call_id(call_id);
  approved.set_partnership_id(partnership_id);
  approved.set_lead_kbo(lead_kbo);
  for (const std::string& kbo : partners) {
    partnership::v1::Partner* partner = approved.add_partners();
    partner->set_kbo(kbo);
    partner->set_role(partnership::v1::HELIX_ROLE_EDUCATION);
  }
  approved.set_approved_cents(20000000);
  approved.set_project_start(project_start);
  approved.set_project_end(project_end);
  harness_->AppendFact(topics_.partnership, "call", call_id, approved);
}

void ActivityScenario::CatchUp() {
  absl::Status caught_up = harness_->CatchUpAll(absl::Now() + kPatience);
  ASSERT_TRUE(caught_up.ok()) << caught_up;
}

absl::StatusOr<v1::RegisterActivityResponse> ActivityScenario::Register(
    const std::string& token, const v1::RegisterActivityRequest& request) {
  v1::RegisterActivityResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      activity_->RegisterActivity(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

absl::Status ActivityScenario::ReportAttendance(const std::string& token,
                                                const std::string& activity_id,
                                                const std::string& session_id,
                                                const std::vector<std::pair<int, int64_t>>& counts,
                                                const std::string& request_id) {
  v1::ReportAttendanceRequest request;
  request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
  request.set_activity_id(activity_id);
  request.set_session_id(session_id);
  for (const auto& [age, participants] : counts) {
    v1::AgeCount* count = request.add_counts();
    count->set_age(age);
    count->set_participants(participants);
  }
  v1::ReportAttendanceResponse response;
  return rpc::FromGrpcStatus(
      activity_->ReportAttendance(ServiceHarness::As(token).get(), request, &response));
}

absl::Status ActivityScenario::CancelSession(const std::string& token,
                                             const std::string& activity_id,
                                             const std::string& session_id,
                                             const std::string& reason) {
  v1::CancelSessionRequest request;
  request.set_request_id(NextRequestId());
  request.set_activity_id(activity_id);
  request.set_session_id(session_id);
  request.set_reason(reason);
  v1::CancelSessionResponse response;
  return rpc::FromGrpcStatus(
      activity_->CancelSession(ServiceHarness::As(token).get(), request, &response));
}

absl::Status ActivityScenario::CancelActivity(const std::string& token,
                                              const std::string& activity_id,
                                              const std::string& reason) {
  v1::CancelActivityRequest request;
  request.set_request_id(NextRequestId());
  request.set_activity_id(activity_id);
  request.set_reason(reason);
  v1::CancelActivityResponse response;
  return rpc::FromGrpcStatus(
      activity_->CancelActivity(ServiceHarness::As(token).get(), request, &response));
}

absl::StatusOr<v1::Activity> ActivityScenario::GetActivity(const std::string& token,
                                                           const std::string& activity_id) {
  v1::GetActivityRequest request;
  request.set_activity_id(activity_id);
  v1::GetActivityResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      activity_->GetActivity(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response.activity();
}

absl::StatusOr<v1::GetChildMinutesResponse> ActivityScenario::ChildMinutes(
    const std::string& token, const v1::GetChildMinutesRequest& request) {
  v1::GetChildMinutesResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      activity_->GetChildMinutes(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::GetChildMinutesResponse> ActivityScenario::ChildMinutesOf(
    const std::string& kbo, const std::string& from_date, const std::string& to_date) {
  v1::GetChildMinutesRequest request;
  request.set_academy_kbo(kbo);
  request.set_from_date(from_date);
  request.set_to_date(to_date);
  return ChildMinutes("officer", request);
}

int64_t ActivityScenario::ActivityRecords() { return harness_->RecordCount(topics_.activity); }

}  // namespace stem::activity::testing
