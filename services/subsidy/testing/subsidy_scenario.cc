#include "services/subsidy/testing/subsidy_scenario.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <thread>

#include "contexts/recognition/testing/recognition_facts.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/common/check.h"
#include "libs/events/event_factory.h"
#include "libs/rpc/status.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy::testing {
namespace {

using service::testing::ServiceHarness;

constexpr absl::Duration kPatience = absl::Seconds(60);

}  // namespace

service::testing::HarnessOptions SubsidyScenarioOptions() {
  service::testing::HarnessOptions options;
  options.clock_start = "2019-01-07T09:00:00Z";
  options.fact_rules = &suite::SuiteFactRules();
  options.academies = {kA, kB, kC, kD};
  options.municipalities = {"11001", "11002", "44021", "71022", "71072"};
  return options;
}

std::string AcademyToken(const std::string& kbo) { return "academy-" + kbo; }

SubsidyScenario::SubsidyScenario(const service::testing::HarnessOptions& options)
    : topics_(service::Topics::WithPrefix(options.topic_prefix)),
      academy_projector_(topics_.recognition),
      activity_projector_(topics_),
      projectors_(topics_),
      harness_(std::make_unique<ServiceHarness>(options)),
      group_(options.topic_prefix + "stem-subsidy-tranches") {
  const int recognition_replica = harness_->StartReadModel(academy_projector_);
  const int activity_replica = harness_->StartReadModel(activity_projector_);
  const int replica = harness().StartReplica(
      projectors_.projector(),
      [this](service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator) {
        // The ReportService runs over the same runtime, as in stem-subsidy.
        report_service_ = std::make_unique<ReportServiceImpl>(runtime, authenticator,
                                                              activity::testing::Municipalities());
        return std::make_unique<SubsidyServiceImpl>(runtime, authenticator,
                                                    activity::testing::Municipalities(), topics());
      });
  STEM_CHECK(recognition_replica == 0 && activity_replica == 1 && replica == 2, "replica order");
  auto server = rpc::Server::Start({}, {report_service_.get()}, {});
  STEM_CHECK(server.ok(), "start the report server");
  report_server_ = std::move(*server);
  report_server_->SetServing(true);
  subsidy_ = v1::SubsidyService::NewStub(harness().Channel(2));
  reports_ = v1::ReportService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(report_server_->port()), grpc::InsecureChannelCredentials()));
}

SubsidyScenario::~SubsidyScenario() {
  // Users of the subsidy runtime first, then the services' replicas, then what they use.
  subsidy_.reset();
  reports_.reset();
  StopTrancheProcessors();
  report_server_.reset();
  harness_.reset();
  report_service_.reset();
}

int SubsidyScenario::StartTrancheProcessor(const std::string& group) {
  triggers_.push_back(std::make_unique<TrancheTrigger>(topics(), runtime()));
  service::RuntimeOptions options;
  options.store_path = dir_.Sub("tranches-" + std::to_string(tranche_runtimes_.size()));
  options.runner.group_id = group.empty() ? group_ : group;
  auto started =
      service::ServiceRuntime::Start(harness().log(), harness().clock().clock(), *triggers_.back(),
                                     upcasters_, harness().fact_rules(), options);
  STEM_CHECK(started.ok(), "start a tranche processor");
  tranche_runtimes_.push_back(std::move(*started));
  return static_cast<int>(tranche_runtimes_.size()) - 1;
}

void SubsidyScenario::StopTrancheProcessors() {
  tranche_runtimes_.clear();
  triggers_.clear();
}

void SubsidyScenario::Recognise(const std::vector<std::string>& kbos) {
  for (const std::string& kbo : kbos) {
    recognition::testing::AppendRecognition(*harness_, topics_.recognition, kbo);
  }
}

void SubsidyScenario::Revoke(const std::string& kbo, const std::string& effective_from) {
  recognition::testing::AppendRevocation(*harness_, topics_.recognition, kbo, effective_from);
}

v1::OpenPeriodRequest SubsidyScenario::PeriodRequest(
    const std::string& period_id, const std::string& first_day, const std::string& last_day,
    const std::string& opens_at, const std::string& closes_at,
    const std::string& reporting_deadline, int64_t budget_cents, int64_t minimum_grant_cents) {
  v1::OpenPeriodRequest request;
  request.set_request_id("open-" + period_id);
  request.set_period_id(period_id);
  request.set_title("Zaainiveau " + period_id);
  request.set_first_day(first_day);
  request.set_last_day(last_day);
  request.set_window_opens_at(opens_at);
  request.set_window_closes_at(closes_at);
  request.set_reporting_deadline(reporting_deadline);
  request.set_budget_cents(budget_cents);
  request.set_rule_id("KINDUREN_2019");
  request.set_minimum_grant_cents(minimum_grant_cents);
  return request;
}

absl::StatusOr<v1::OpenPeriodResponse> SubsidyScenario::OpenPeriod(
    const v1::OpenPeriodRequest& request, const std::string& token) {
  v1::OpenPeriodResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      subsidy_->OpenPeriod(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

absl::Status SubsidyScenario::Apply(const std::string& token, const std::string& period_id,
                                    const std::string& kbo, std::optional<int64_t> requested_cents,
                                    const std::string& request_id) {
  v1::SubmitApplicationRequest request;
  request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
  request.set_period_id(period_id);
  request.set_academy_kbo(kbo);
  if (requested_cents) request.set_requested_cents(*requested_cents);
  v1::SubmitApplicationResponse response;
  return rpc::FromGrpcStatus(
      subsidy_->SubmitApplication(ServiceHarness::As(token).get(), request, &response));
}

absl::Status SubsidyScenario::WithdrawApplication(const std::string& token,
                                                  const std::string& period_id,
                                                  const std::string& kbo) {
  v1::WithdrawApplicationRequest request;
  request.set_request_id(NextRequestId());
  request.set_period_id(period_id);
  request.set_academy_kbo(kbo);
  request.set_reason("no capacity this term");
  v1::WithdrawApplicationResponse response;
  return rpc::FromGrpcStatus(
      subsidy_->WithdrawApplication(ServiceHarness::As(token).get(), request, &response));
}

absl::Status SubsidyScenario::RegisterDemand(const std::string& token, const std::string& period_id,
                                             const std::string& nis_code, const std::string& note) {
  v1::RegisterDemandRequest request;
  request.set_request_id(NextRequestId());
  request.set_period_id(period_id);
  request.set_municipality_nis_code(nis_code);
  request.mutable_ages()->set_min_age(8);
  request.mutable_ages()->set_max_age(14);
  request.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
  request.set_note(note);
  v1::RegisterDemandResponse response;
  return rpc::FromGrpcStatus(
      subsidy_->RegisterDemand(ServiceHarness::As(token).get(), request, &response));
}

absl::Status SubsidyScenario::WithdrawDemand(const std::string& token, const std::string& period_id,
                                             const std::string& nis_code) {
  v1::WithdrawDemandRequest request;
  request.set_request_id(NextRequestId());
  request.set_period_id(period_id);
  request.set_municipality_nis_code(nis_code);
  v1::WithdrawDemandResponse response;
  return rpc::FromGrpcStatus(
      subsidy_->WithdrawDemand(ServiceHarness::As(token).get(), request, &response));
}

absl::StatusOr<v1::AllocatePeriodResponse> SubsidyScenario::Allocate(
    const std::string& period_id, const std::string& token, const std::string& request_id) {
  v1::AllocatePeriodRequest request;
  request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
  request.set_period_id(period_id);
  v1::AllocatePeriodResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      subsidy_->AllocatePeriod(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::SubsidyDecided> SubsidyScenario::Decision(const std::string& period_id,
                                                             const std::string& kbo,
                                                             const std::string& token) {
  v1::GetDecisionRequest request;
  request.set_period_id(period_id);
  request.set_academy_kbo(kbo);
  v1::GetDecisionResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      subsidy_->GetDecision(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response.decision();
}

absl::StatusOr<v1::Period> SubsidyScenario::GetPeriod(const std::string& period_id,
                                                      const std::string& token) {
  v1::GetPeriodRequest request;
  request.set_period_id(period_id);
  v1::GetPeriodResponse response;
  absl::Status status =
      rpc::FromGrpcStatus(subsidy_->GetPeriod(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response.period();
}

absl::StatusOr<v1::Payments> SubsidyScenario::Payments(const std::string& partnership_id,
                                                       const std::string& token) {
  v1::GetPaymentsRequest request;
  request.set_partnership_id(partnership_id);
  v1::GetPaymentsResponse response;
  absl::Status status = rpc::FromGrpcStatus(
      subsidy_->GetPayments(ServiceHarness::As(token).get(), request, &response));
  if (!status.ok()) return status;
  return response.payments();
}

std::string SubsidyScenario::RegisterActivity(
    const std::string& kbo, const std::string& nis_code,
    const std::vector<std::vector<std::string>>& sessions) {
  activity::v1::RegisterActivityRequest request =
      activity::testing::ActivityRequest(NextRequestId(), {}, kbo);
  request.set_municipality_nis_code(nis_code);
  for (const std::vector<std::string>& session : sessions) {
    STEM_CHECK(session.size() == 3, "a session is date, start and end");
    *request.add_sessions() = activity::testing::Session(session[0], session[1], session[2]);
  }
  return activity::testing::AppendActivity(*harness_, topics_.activity, request).activity_id();
}

// The academy reports; the fact names only the activity.
void SubsidyScenario::Attend(const std::string& /*kbo*/, const std::string& activity_id,
                             const std::string& session_id, const Attendance& attendance) {
  activity::testing::AppendAttendance(*harness_, topics_.activity, activity_id, session_id,
                                      attendance);
}

void SubsidyScenario::CancelActivity(const std::string& activity_id) {
  activity::testing::AppendActivityCancellation(*harness_, topics_.activity, activity_id,
                                                "no venue");
}

void SubsidyScenario::PublishCalendar(const std::string& school_year) {
  activity::testing::AppendCalendar(*harness_, topics_.activity, school_year);
}

absl::StatusOr<activity::v1::SessionChildMinutes> SubsidyScenario::SessionMinutes(
    const std::string& activity_id, const std::string& session_id) {
  return activity::testing::SessionMinutes(harness().runtime(1), activity_id, session_id);
}

events::v1::EventEnvelope SubsidyScenario::AppendPartnershipFact(
    const std::string& aggregate_type, const std::string& aggregate_id,
    const google::protobuf::Message& payload, std::optional<int64_t> version) {
  events::EventFactory factory(harness().clock().clock(), upcasters_);
  events::CommandContext context;
  context.actor.set_role(identity::v1::ACTOR_ROLE_OFFICER);
  context.actor.set_identity("officer@vlaio.be");
  context.request_id = NextRequestId();
  AggregateChain& chain = partnership_chains_[{aggregate_type, aggregate_id}];
  const int64_t next = version.value_or(chain.version + 1);
  events::v1::EventEnvelope event =
      factory.Make(context, {aggregate_type, aggregate_id, next}, payload);
  event.set_command_id(events::NewUuid());
  event.set_command_event_index(0);
  event.set_command_event_count(1);
  event.set_previous_hash(chain.last_hash);
  if (!version) {
    // The aggregate's facts form a hash chain: the next one names this one's digest.
    const std::string bytes = event.SerializeAsString();
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    chain.version = next;
    chain.last_hash.assign(reinterpret_cast<const char*>(digest), sizeof digest);
  }
  Redeliver(event);
  return event;
}

void SubsidyScenario::Redeliver(const events::v1::EventEnvelope& event) {
  auto appended = harness().log().Append(
      {{topics().partnership, event.aggregate_id(), event.SerializeAsString()}},
      absl::Now() + kPatience);
  ASSERT_TRUE(appended.ok()) << appended.status();
}

void SubsidyScenario::CatchUp() {
  absl::Status caught_up = harness().CatchUpAll(absl::Now() + kPatience);
  ASSERT_TRUE(caught_up.ok()) << caught_up;
}

v1::Payments SubsidyScenario::AwaitTranches(const std::string& partnership_id, int count) {
  const absl::Time give_up = absl::Now() + kPatience;
  absl::StatusOr<v1::Payments> payments;
  while (absl::Now() < give_up) {
    payments = Payments(partnership_id);
    if (payments.ok() && payments->tranches_size() >= count) return *payments;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "partnership " << partnership_id << " did not get " << count << " tranches: "
                << (payments.ok() ? payments->DebugString() : payments.status().ToString());
  return payments.ok() ? *payments : v1::Payments();
}

}  // namespace stem::subsidy::testing
