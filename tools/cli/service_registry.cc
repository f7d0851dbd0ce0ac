#include "tools/cli/service_registry.h"

#include "absl/strings/ascii.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "stem/clock/v1/clock_service.grpc.pb.h"
#include "stem/events/v1/fact_key_rotated.pb.h"
#include "stem/facts/v1/fact_stream_service.grpc.pb.h"
#include "stem/ops/v1/projection_service.grpc.pb.h"
#include "stem/partnership/v1/partnership_service.grpc.pb.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "stem/subsidy/v1/report_service.grpc.pb.h"
#include "stem/subsidy/v1/subsidy_service.grpc.pb.h"
#include "tools/cli/checkpoint_commands.h"
#include "tools/cli/events_decode.h"
#include "tools/cli/rpc_commands.h"
#include "tools/cli/wait_ready.h"

namespace stem::cli {
namespace {

// A generated gRPC service as a group of commands. Its generated (never served) Service
// class is constructed once so that the linker keeps the generated code: its static
// initialisers put the descriptors that the commands are built from into the generated pool.
template <typename GeneratedService>
ServiceEntry Rpc(std::string command, std::string summary,
                 std::vector<std::string> fallback_env = {}) {
  { [[maybe_unused]] typename GeneratedService::Service linked; }
  std::vector<std::string> server_env = {"STEM_SERVER_" + absl::AsciiStrToUpper(command)};
  server_env.insert(server_env.end(), fallback_env.begin(), fallback_env.end());
  return {std::move(command), GeneratedService::service_full_name(), std::move(summary),
          std::move(server_env)};
}

}  // namespace

const std::vector<ServiceEntry>& Services() {
  // The one fact type no service proto imports (every process writes it into each topic it
  // signs: libs/service/fact_key_currency.h): linked too, so that JSON output of a fact
  // stream or `stem events decode` can name it.
  [[maybe_unused]] static const auto* const key_rotated = events::v1::FactKeyRotated::descriptor();
  static const auto* const services = new std::vector<ServiceEntry>{
      Rpc<recognition::v1::RecognitionService>(
          "recognition", "Recognition of STEM-academies: applications, decisions, the register"),
      Rpc<activity::v1::ActivityService>(
          "activity", "Activities, sessions, attendance, school calendars and child-minutes"),
      Rpc<partnership::v1::PartnershipService>(
          "partnership", "STEM-partnerships: calls, applications, decisions and reports"),
      Rpc<subsidy::v1::SubsidyService>(
          "subsidy", "Subsidy periods, municipal demand, applications, allocation, payments"),
      Rpc<subsidy::v1::ReportService>("reports",
                                      "Reports of the subsidy process: register, coverage, budgets",
                                      {"STEM_SERVER_SUBSIDY"}),
      Rpc<audit::v1::AuditService>(
          "audit", "Audit from the log: replay, decisions explained, answers as of an instant"),
      Rpc<facts::v1::FactStreamService>(
          "facts", "The accepted facts of a context, caught up then followed live (integrators)"),
      Rpc<clock::v1::ClockService>("clock", "The suite's clock (every process)"),
      Rpc<ops::v1::ProjectionService>(
          "ops", "Operating the suite: projection states, readiness (every process)"),
  };
  return *services;
}

const ServiceEntry* FindService(std::string_view command) {
  for (const ServiceEntry& entry : Services()) {
    if (entry.command == command) return &entry;
  }
  return nullptr;
}

void InstallCommandGroups(CommandTree& tree) {
  static constexpr GroupInstaller kGroups[] = {
      InstallRpcCommands,         // stem <service> <method>: every RPC of Services()
      InstallWaitReady,           // stem ops wait-ready
      InstallCheckpointCommands,  // stem audit save-checkpoint, verify-checkpoint
      InstallEventsCommands,      // stem events decode
  };
  for (const GroupInstaller install : kGroups) install(tree);
}

}  // namespace stem::cli
