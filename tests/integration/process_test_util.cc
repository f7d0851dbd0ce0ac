#include "tests/integration/process_test_util.h"

#include <sys/wait.h>

#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/projection/rebuild.h"
#include "libs/rpc/status.h"
#include "libs/rpc/testing/test_tokens.h"
#include "libs/service/command_guard.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "stem/ops/v1/projection_service.grpc.pb.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

constexpr absl::Duration kCallTimeout = absl::Seconds(30);

}  // namespace

std::string TokenFileText(const std::vector<std::string>& academies) {
  using rpc::testing::TestToken;
  std::string text = TestToken("officer") + " OFFICER officer@vlaio.be\n" + TestToken("auditor") +
                     " AUDITOR rekenhof\n" + TestToken("operator") + " OPERATOR ops\n";
  for (const std::string& kbo : academies) {
    text += TestToken("academy-" + kbo) + " ACADEMY " + kbo + "\n";
  }
  return text;
}

std::pair<int, std::string> RunToEnd(const std::string& binary,
                                     const std::vector<std::string>& args) {
  const std::string command = binary + " " + absl::StrJoin(args, " ") + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "cannot run " + command};
  std::string out;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::vector<std::string> EmbeddedFlags(const std::string& data_dir, const std::string& token_file,
                                       const std::vector<std::string>& more) {
  std::vector<std::string> flags = {"--log=embedded", "--data_dir=" + data_dir,
                                    "--token_file=" + token_file,
                                    "--clock_start=2019-01-07T09:00:00Z"};
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

std::vector<std::string> KafkaFlags(const ServiceFlags& flags) {
  return {
      "--log=kafka",
      "--kafka_bootstrap=" + flags.bootstrap,
      "--kafka_transactional_id=" + flags.transactional_id,
      "--topic_prefix=" + flags.topic_prefix,
      "--partitions=3",
      "--data_dir=" + flags.data_dir,
      "--token_file=" + flags.token_file,
      "--clock_start=" + flags.clock_start,
  };
}

activity::v1::ImportCommandsRequest SeasonRegistration(const std::string& academy, int n) {
  activity::v1::ImportCommandsRequest item;
  auto* request = item.mutable_register_activity();
  request->set_request_id(absl::StrCat("season-", n));
  request->set_academy_kbo(academy);
  request->set_title(absl::StrCat("Robotica ", n));
  request->add_domains(common::v1::STEM_DOMAIN_TECHNOLOGY);
  request->set_municipality_nis_code("11002");
  request->mutable_ages()->set_min_age(8);
  request->mutable_ages()->set_max_age(14);
  auto* session = request->add_sessions();
  session->set_date("2019-03-13");
  session->set_start_time("14:00");
  session->set_end_time("16:00");
  return item;
}

recognition::v1::SubmitApplicationRequest ApplicationFor(const std::string& kbo) {
  recognition::v1::SubmitApplicationRequest submit;
  submit.set_request_id("recognise-submit-" + kbo);
  submit.set_kbo(kbo);
  submit.set_name("STEM-academie " + kbo);
  submit.set_contact_email("info@academie.be");
  submit.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  submit.mutable_ages()->set_min_age(6);
  submit.mutable_ages()->set_max_age(18);
  submit.add_municipality_nis_codes("11002");
  submit.mutable_attestations()->set_outside_school_hours(true);
  submit.mutable_attestations()->set_open_to_every_child(true);
  submit.mutable_attestations()->set_offered_as_trajectories(true);
  return submit;
}

recognition::v1::GrantRecognitionRequest GrantFor(const std::string& kbo,
                                                  const std::string& application_id,
                                                  const std::string& request_prefix) {
  recognition::v1::GrantRecognitionRequest grant;
  grant.set_request_id(request_prefix + "-" + kbo);
  grant.set_kbo(kbo);
  grant.set_application_id(application_id);
  grant.set_kind(recognition::v1::RECOGNITION_KIND_PROVISIONAL);
  grant.set_reason("meets every criterion");
  return grant;
}

absl::Status RecogniseAcademy(const std::shared_ptr<grpc::Channel>& recognition,
                              const std::string& kbo) {
  auto stub = recognition::v1::RecognitionService::NewStub(recognition);
  const recognition::v1::SubmitApplicationRequest submit = ApplicationFor(kbo);
  recognition::v1::SubmitApplicationResponse submitted;
  absl::Status status = rpc::FromGrpcStatus(
      stub->SubmitApplication(CallAs("officer", kCallTimeout).get(), submit, &submitted));
  if (!status.ok()) return status;
  const recognition::v1::GrantRecognitionRequest grant =
      GrantFor(kbo, submitted.application_id(), "recognise-grant");
  recognition::v1::GrantRecognitionResponse granted;
  return rpc::FromGrpcStatus(
      stub->GrantRecognition(CallAs("officer", kCallTimeout).get(), grant, &granted));
}

audit::v1::AuditReport AuditReportOf(const std::shared_ptr<grpc::Channel>& channel,
                                     absl::Duration timeout) {
  auto audit = audit::v1::AuditService::NewStub(channel);
  auto context = CallAs("auditor", timeout);
  auto reader = audit->ReplayAudit(context.get(), audit::v1::ReplayAuditRequest());
  audit::v1::ReplayAuditResponse message;
  audit::v1::AuditReport report;
  while (reader->Read(&message)) {
    if (message.has_report()) report = message.report();
  }
  if (const grpc::Status finished = reader->Finish(); !finished.ok()) {
    report.set_passed(false);
    report.add_divergences()->set_description("ReplayAudit failed: " + finished.error_message());
  }
  return report;
}

absl::StatusOr<ops::v1::ProjectionState> ProjectionStateOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& name) {
  auto stub = ops::v1::ProjectionService::NewStub(channel);
  ops::v1::GetProjectionStatesResponse response;
  absl::Status status = rpc::FromGrpcStatus(stub->GetProjectionStates(
      CallAs("auditor", kCallTimeout).get(), ops::v1::GetProjectionStatesRequest(), &response));
  if (!status.ok()) return status;
  for (const ops::v1::ProjectionState& state : response.projections()) {
    if (state.name() == name) return state;
  }
  return absl::NotFoundError("no projection " + name);
}

eventlog::Positions PositionsOf(const ops::v1::ProjectionState& state) {
  eventlog::Positions positions;
  for (const common::v1::LogPosition& position : state.positions()) {
    positions[{position.topic(), position.partition()}] = position.offset();
  }
  return positions;
}

std::string Describe(const eventlog::Positions& positions) {
  std::string text;
  for (const auto& [partition, offset] : positions) {
    text += eventlog::ToString(partition) + "@" + std::to_string(offset) + " ";
  }
  return text;
}

absl::StatusOr<eventlog::Positions> EndOffsets(eventlog::EventLog& log,
                                               const std::vector<std::string>& topics) {
  eventlog::Positions all;
  for (const std::string& topic : topics) {
    auto ends = log.EndOffsets(topic, absl::Now() + kCallTimeout);
    if (!ends.ok()) return ends.status();
    all.insert(ends->begin(), ends->end());
  }
  return all;
}

absl::StatusOr<ops::v1::ProjectionState> WaitForPositions(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& name,
    const eventlog::Positions& ends, absl::Time deadline) {
  while (true) {
    auto state = ProjectionStateOf(channel, name);
    if (!state.ok()) return state.status();
    if (!state->error().empty())
      return absl::InternalError("projection stopped: " + state->error());
    const eventlog::Positions positions = PositionsOf(*state);
    bool there = true;
    for (const auto& [partition, end] : ends) {
      auto at = positions.find(partition);
      if (end > 0 && (at == positions.end() || at->second < end)) there = false;
    }
    if (there) return state;
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError("projection " + name + " did not reach the log's end");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

absl::StatusOr<std::unique_ptr<projection::ProjectionStore>> ReplayGuarded(
    const std::string& directory, eventlog::EventLog& log, projection::Projector& projector) {
  // The registry a service host has: the same upcasters, so the same events reach the
  // projector.
  static const events::UpcasterRegistry* const upcasters = new events::UpcasterRegistry;
  service::GuardedProjector guarded(projector, suite::SuiteFactRules());
  projection::RebuildOptions options;
  options.upcasters = upcasters;
  return projection::RebuildInto(directory, log, guarded, options, absl::Now() + absl::Seconds(60));
}

}  // namespace stem::integration
