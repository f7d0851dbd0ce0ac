#include "tests/fuzz/in_process_suite.h"

#include <grpcpp/server_context.h>

#include <array>
#include <cstdlib>
#include <utility>

#include "contexts/suite/suite_fact_rules.h"
#include "libs/eventlog/embedded_event_log.h"

#ifndef STEM_FUZZ_SHARED_DATA_DIR
#define STEM_FUZZ_SHARED_DATA_DIR "../shared/data"
#endif

namespace stem::fuzz {
namespace {

using activity::ActivityServiceImpl;
using partnership::PartnershipServiceImpl;
using recognition::RecognitionServiceImpl;
using subsidy::SubsidyServiceImpl;

// Partitions per topic: more than one, so that aggregates land in different partitions as
// in production, few enough to keep each wait for the log's end short.
constexpr int32_t kPartitions = 2;
constexpr absl::Duration kPatience = absl::Seconds(30);

// The service, request and response types of a handler, from its member pointer.
template <typename Rpc>
struct RpcTypes;
template <typename Service, typename Request, typename Response>
struct RpcTypes<grpc::Status (Service::*)(grpc::ServerContext*, const Request*, Response*)> {
  using ServiceType = Service;
  using RequestType = Request;
  using ResponseType = Response;
};

// A handler called as the gRPC server would call it, with a fresh server context: no
// deadline of the caller's, so the frame's own cap applies (rpc::CallDeadline).
template <auto kHandler>
std::optional<grpc::Status> CallHandler(InProcessSuite& suite, std::string_view bytes) {
  using Types = RpcTypes<decltype(kHandler)>;
  typename Types::RequestType request;
  if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return std::nullopt;
  typename Types::ResponseType response;
  grpc::ServerContext context;
  return (suite.service<typename Types::ServiceType>().*kHandler)(&context, &request, &response);
}

// Append-only: the corpus names RPCs by these numbers.
constexpr std::array<CommandRpc, 24> kCommandRpcs = {{
    {"recognition.SubmitApplication", CallHandler<&RecognitionServiceImpl::SubmitApplication>},
    {"recognition.GrantRecognition", CallHandler<&RecognitionServiceImpl::GrantRecognition>},
    {"recognition.RejectApplication", CallHandler<&RecognitionServiceImpl::RejectApplication>},
    {"recognition.RevokeRecognition", CallHandler<&RecognitionServiceImpl::RevokeRecognition>},
    {"activity.RegisterActivity", CallHandler<&ActivityServiceImpl::RegisterActivity>},
    {"activity.CancelActivity", CallHandler<&ActivityServiceImpl::CancelActivity>},
    {"activity.CancelSession", CallHandler<&ActivityServiceImpl::CancelSession>},
    {"activity.ReportAttendance", CallHandler<&ActivityServiceImpl::ReportAttendance>},
    {"activity.PublishSchoolCalendar", CallHandler<&ActivityServiceImpl::PublishSchoolCalendar>},
    {"partnership.OpenCall", CallHandler<&PartnershipServiceImpl::OpenCall>},
    {"partnership.SubmitPartnershipApplication",
     CallHandler<&PartnershipServiceImpl::SubmitPartnershipApplication>},
    {"partnership.ConfirmParticipation",
     CallHandler<&PartnershipServiceImpl::ConfirmParticipation>},
    {"partnership.DeclineParticipation",
     CallHandler<&PartnershipServiceImpl::DeclineParticipation>},
    {"partnership.ApprovePartnership", CallHandler<&PartnershipServiceImpl::ApprovePartnership>},
    {"partnership.RejectPartnership", CallHandler<&PartnershipServiceImpl::RejectPartnership>},
    {"partnership.SubmitReport", CallHandler<&PartnershipServiceImpl::SubmitReport>},
    {"partnership.ApproveReport", CallHandler<&PartnershipServiceImpl::ApproveReport>},
    {"partnership.RejectReport", CallHandler<&PartnershipServiceImpl::RejectReport>},
    {"subsidy.OpenPeriod", CallHandler<&SubsidyServiceImpl::OpenPeriod>},
    {"subsidy.SubmitApplication", CallHandler<&SubsidyServiceImpl::SubmitApplication>},
    {"subsidy.WithdrawApplication", CallHandler<&SubsidyServiceImpl::WithdrawApplication>},
    {"subsidy.RegisterDemand", CallHandler<&SubsidyServiceImpl::RegisterDemand>},
    {"subsidy.WithdrawDemand", CallHandler<&SubsidyServiceImpl::WithdrawDemand>},
    {"subsidy.AllocatePeriod", CallHandler<&SubsidyServiceImpl::AllocatePeriod>},
}};

rpc::Principal PrincipalOf(Caller caller) {
  switch (caller) {
    case Caller::kAcademy:
      return {identity::v1::ACTOR_ROLE_ACADEMY, kCallerAcademy};
    case Caller::kMunicipality:
      return {identity::v1::ACTOR_ROLE_MUNICIPALITY, kCallerMunicipality};
    case Caller::kOfficer:
      break;
  }
  return {identity::v1::ACTOR_ROLE_OFFICER, "officer@vlaio.be"};
}

absl::StatusOr<std::unique_ptr<service::ServiceRuntime>> StartRuntime(
    eventlog::EventLog& log, const clock::Clock& clock, projection::Projector& projector,
    const events::UpcasterRegistry& upcasters, const std::string& store_path) {
  service::RuntimeOptions options;
  options.store_path = store_path;
  return service::ServiceRuntime::Start(log, clock, projector, upcasters, suite::SuiteFactRules(),
                                        options);
}

}  // namespace

std::string SharedDataDir() {
  const char* configured = std::getenv("STEM_SHARED_DATA_DIR");
  return configured != nullptr && *configured != '\0' ? configured : STEM_FUZZ_SHARED_DATA_DIR;
}

std::span<const CommandRpc> CommandRpcs() { return kCommandRpcs; }

std::optional<uint8_t> CommandNumber(std::string_view name) {
  for (size_t i = 0; i < kCommandRpcs.size(); ++i) {
    if (kCommandRpcs[i].name == name) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

InProcessSuite::InProcessSuite(std::unique_ptr<domain::MunicipalityRegistry> municipalities,
                               absl::Time start)
    : topics_(service::Topics::WithPrefix("")),
      clock_(start),
      municipalities_(std::move(municipalities)),
      academy_projector_(topics_.recognition),
      activity_projector_(topics_),
      partnership_projector_(topics_),
      subsidy_projectors_(topics_) {}

InProcessSuite::~InProcessSuite() = default;

absl::StatusOr<std::unique_ptr<InProcessSuite>> InProcessSuite::Start() {
  auto municipalities = domain::MunicipalityRegistry::Load(SharedDataDir());
  if (!municipalities.ok()) return municipalities.status();
  auto start = clock::ParseInstant(kClockStart);
  if (!start.ok()) return start.status();
  std::unique_ptr<InProcessSuite> suite(new InProcessSuite(std::move(*municipalities), *start));
  InProcessSuite& s = *suite;

  auto log = eventlog::OpenEmbeddedEventLog({s.directory_.Sub("log"), /*sync=*/false});
  if (!log.ok()) return log.status();
  s.log_ = std::move(*log);
  if (absl::Status topics = s.log_->EnsureTopics(s.topics_.Specs(kPartitions)); !topics.ok()) {
    return topics;
  }

  struct Started {
    projection::Projector& projector;
    const char* store;
    std::unique_ptr<service::ServiceRuntime>* runtime;
  };
  for (const Started& started : {
           Started{s.academy_projector_, "recognition", &s.recognition_runtime_},
           Started{s.activity_projector_, "activity", &s.activity_runtime_},
           Started{s.partnership_projector_, "partnership", &s.partnership_runtime_},
           Started{s.subsidy_projectors_.projector(), "subsidy", &s.subsidy_runtime_},
       }) {
    auto runtime = StartRuntime(*s.log_, s.clock_, started.projector, s.upcasters_,
                                s.directory_.Sub(started.store));
    if (!runtime.ok()) return runtime.status();
    *started.runtime = std::move(*runtime);
  }

  s.recognition_ = std::make_unique<RecognitionServiceImpl>(
      *s.recognition_runtime_, s.caller_, *s.municipalities_, s.topics_.recognition);
  s.activity_ = std::make_unique<ActivityServiceImpl>(*s.activity_runtime_, s.caller_,
                                                      *s.municipalities_, s.topics_);
  s.partnership_ = std::make_unique<PartnershipServiceImpl>(*s.partnership_runtime_, s.caller_,
                                                            *s.municipalities_, s.topics_);
  s.subsidy_ = std::make_unique<SubsidyServiceImpl>(*s.subsidy_runtime_, s.caller_,
                                                    *s.municipalities_, s.topics_);
  return suite;
}

std::optional<grpc::Status> InProcessSuite::Call(uint8_t number, Caller caller,
                                                 std::string_view request) {
  caller_.set_caller(PrincipalOf(caller));
  return kCommandRpcs[number % kCommandRpcs.size()].call(*this, request);
}

absl::StatusOr<int64_t> InProcessSuite::RecordsWritten() {
  int64_t total = 0;
  for (const std::string* topic :
       {&topics_.recognition, &topics_.activity, &topics_.partnership, &topics_.subsidy}) {
    auto ends = log_->EndOffsets(*topic, absl::Now() + kPatience);
    if (!ends.ok()) return ends.status();
    for (const auto& [partition, end] : *ends) total += end;
  }
  return total;
}

absl::Status InProcessSuite::Health() {
  for (service::ServiceRuntime* runtime : {recognition_runtime_.get(), activity_runtime_.get(),
                                           partnership_runtime_.get(), subsidy_runtime_.get()}) {
    if (absl::Status health = runtime->projection().Health(); !health.ok()) return health;
  }
  return absl::OkStatus();
}

}  // namespace stem::fuzz
