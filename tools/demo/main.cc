// stem-demo: loads a realistic 2019-2021 story of the STEM-academies into a running
// stem-allinone through its public gRPC API, prints what happens, each period's allocation
// and coverage per province, the budgets, and the auditor's verdict. deploy/demo.sh runs it:
//
//   stem-demo --write_tokens --token_file=DIR/tokens   # prints the clock start
//   stem-allinone --data_dir=... --token_file=DIR/tokens --clock_start=<printed> ...
//   stem-demo --server=127.0.0.1:PORT --token_file=DIR/tokens
//
// Exit status: 0 when everything went as the story expects, 1 when the suite refused a
// command the story expected to succeed (the message names it and the reason), 2 on a
// usage error.
#include <cstdio>
#include <set>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/clock/clock.h"
#include "libs/common/shared_data.h"
#include "tools/demo/audit.h"
#include "tools/demo/demo_client.h"
#include "tools/demo/reference_data.h"
#include "tools/demo/scenario_generator.h"
#include "tools/demo/story.h"
#include "tools/demo/story_dates.h"
#include "tools/demo/token_file.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "the stem-allinone to load, host:port");
ABSL_FLAG(std::string, server_recognition, "",
          "distributed mode: stem-recognition's host:port (empty: --server)");
ABSL_FLAG(std::string, server_activity, "", "distributed mode: stem-activity's host:port");
ABSL_FLAG(std::string, server_partnership, "", "distributed mode: stem-partnership's host:port");
ABSL_FLAG(std::string, server_subsidy, "", "distributed mode: stem-subsidy's host:port");
ABSL_FLAG(std::string, server_audit, "", "distributed mode: stem-audit's host:port");
ABSL_FLAG(std::string, token_file, "", "identities of the story's actors (stem-allinone's)");
ABSL_FLAG(bool, write_tokens, false,
          "write fresh tokens for every actor to --token_file, print the instant the server's "
          "clock must start at, and exit");
ABSL_FLAG(uint64_t, seed, stem::demo::kDefaultSeed, "the scenario's seed: same seed, same story");
ABSL_FLAG(std::string, shared_data, "",
          "reference data directory; empty: $STEM_SHARED_DATA_DIR or ../shared/data");
ABSL_FLAG(int32_t, parallelism, 4, "commands in flight at once in a batch");
ABSL_FLAG(absl::Duration, wait_ready, absl::Seconds(60), "how long to wait for SERVING");
ABSL_FLAG(absl::Duration, call_timeout, absl::Seconds(60), "the deadline of each call");
ABSL_FLAG(bool, require_audit, true,
          "fail when the server does not serve the AuditService (false: only say so)");

namespace stem::demo {
namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "stem-demo: %s\n", std::string(status.message()).c_str());
  return 1;
}

void PrintHeader(const ScenarioPlan& plan, const std::string& shared_data) {
  int recognised = 0, rejected = 0, newcomers = 0;
  std::set<std::string> municipalities;
  int64_t sessions = 0, reports = 0;
  for (const AcademyPlan& academy : plan.academies) {
    if (academy.path == RecognitionPath::kRejected) {
      ++rejected;
    } else {
      ++recognised;
      newcomers += academy.wave == Wave::kNewcomer ? 1 : 0;
    }
  }
  for (const ActivityPlan& activity : plan.activities) {
    municipalities.insert(activity.municipality);
    sessions += static_cast<int64_t>(activity.sessions.size());
    for (const SessionPlan& session : activity.sessions) reports += session.reported ? 1 : 0;
  }
  std::printf(
      "STEM-academies demo (seed %llu), reference data %s\n"
      "  %d academies recognised (%d of them newcomers in 2019), %d applications rejected\n"
      "  %zu activities with %lld sessions (%lld attendance reports) in %zu municipalities, "
      "2019-2020\n"
      "  periods 2019-1, 2019-2 (KINDUREN_2019) and 2020 (GEMEENTE_2020): %zu subsidy "
      "applications, demand from %zu municipalities\n"
      "  call 2019 for STEM-partnerships: %zu applications\n"
      "  the suite's clock runs from %s to %s (Europe/Brussels)\n\n",
      static_cast<unsigned long long>(plan.seed), shared_data.c_str(), recognised, newcomers,
      rejected, plan.activities.size(), static_cast<long long>(sessions),
      static_cast<long long>(reports), municipalities.size(), plan.applications.size(),
      plan.demand.size(), plan.partnerships.size(),
      clock::FormatDate(story::kClockStartDay).c_str(),
      clock::FormatDate(story::kStoryEnd).c_str());
  std::fflush(stdout);
}

int Main() {
  const std::string token_file = absl::GetFlag(FLAGS_token_file);
  if (token_file.empty()) {
    std::fprintf(stderr, "stem-demo needs --token_file (see --help)\n");
    return 2;
  }
  const std::string shared_data = absl::GetFlag(FLAGS_shared_data).empty()
                                      ? DefaultSharedDataDir()
                                      : absl::GetFlag(FLAGS_shared_data);
  auto inputs = LoadScenarioInputs(shared_data, absl::GetFlag(FLAGS_seed));
  if (!inputs.ok()) return Fail(inputs.status());
  auto plan = GenerateScenario(*inputs);
  if (!plan.ok()) return Fail(plan.status());

  if (absl::GetFlag(FLAGS_write_tokens)) {
    if (absl::Status written = WriteTokenFile(token_file, ActorsOf(*plan)); !written.ok()) {
      return Fail(written);
    }
    std::printf(
        "%s\n",
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", story::ClockStart(), absl::UTCTimeZone()).c_str());
    return 0;
  }

  auto registry = domain::MunicipalityRegistry::Load(shared_data);
  if (!registry.ok()) return Fail(registry.status());
  auto tokens = TokenBook::Read(token_file);
  if (!tokens.ok()) return Fail(tokens.status());
  const Endpoints endpoints{
      absl::GetFlag(FLAGS_server),          absl::GetFlag(FLAGS_server_recognition),
      absl::GetFlag(FLAGS_server_activity), absl::GetFlag(FLAGS_server_partnership),
      absl::GetFlag(FLAGS_server_subsidy),  absl::GetFlag(FLAGS_server_audit)};
  DemoClient client(endpoints, std::move(*tokens), absl::GetFlag(FLAGS_call_timeout));
  PrintHeader(*plan, shared_data);
  const absl::Time started = absl::Now();
  if (absl::Status serving = client.WaitUntilServing(absl::GetFlag(FLAGS_wait_ready));
      !serving.ok()) {
    return Fail(serving);
  }
  StoryOptions options;
  options.parallelism = absl::GetFlag(FLAGS_parallelism);
  Story story(*plan, client, **registry, options);
  if (absl::Status told = story.Run(); !told.ok()) return Fail(told);
  std::printf("story loaded in %s\n\n",
              absl::FormatDuration(absl::Trunc(absl::Now() - started, absl::Seconds(1))).c_str());

  AuditOptions audit;
  audit.require_audit_service = absl::GetFlag(FLAGS_require_audit);
  if (absl::Status audited = RunAudit(client, audit); !audited.ok()) return Fail(audited);
  std::printf("\ndemo loaded and audited in %s\n",
              absl::FormatDuration(absl::Trunc(absl::Now() - started, absl::Seconds(1))).c_str());
  return 0;
}

}  // namespace
}  // namespace stem::demo

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "stem-demo: loads a realistic 2019-2021 story into a running stem-allinone through its "
      "gRPC API (see deploy/demo.sh)");
  absl::ParseCommandLine(argc, argv);
  return stem::demo::Main();
}
