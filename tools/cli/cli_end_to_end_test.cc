// The `stem` binary as officers, academies, auditors and scripts run it, against the real
// stem-allinone (the four services and the audit in one process on the embedded log, no
// broker): an academy applies, an officer grants, the academy is read as a table and as
// JSON; refusals show their reason and hint with exit status 1, an unreachable server gives
// 3, the identity and server may come from the environment, and the audit's server stream
// shows its progress and report.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/testing/test_tokens.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/audit/v1/audit_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

extern char** environ;  // NOLINT: POSIX, declared by no header under C++

namespace stem::cli {
namespace {

using rpc::testing::TestToken;

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kAcademy[] = "0123456749";
constexpr char kOtherAcademy[] = "0200000043";
// Nothing listens on port 1 of loopback.
constexpr char kClosedServer[] = "127.0.0.1:1";
constexpr absl::Duration kPatience = absl::Seconds(60);

struct Outcome {
  int exit = -1;
  std::string out;
  std::string err;
};

// Runs `stem` with `args`; its STEM_* environment is `env` and nothing else.
Outcome RunStem(const std::string& scratch, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!absl::StartsWith(*entry, "STEM_")) environment.emplace_back(*entry);
  }
  for (const auto& [name, value] : env) environment.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_text = {STEM_CLI_BIN};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string out_path = scratch + "/stem.out";
  const std::string err_path = scratch + "/stem.err";
  const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  EXPECT_GE(out_fd, 0);
  EXPECT_GE(err_fd, 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  Outcome outcome;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  outcome.out = integration::ReadAll(out_path);
  outcome.err = integration::ReadAll(err_path);
  return outcome;
}

// The port a service process printed in its log ("listening on port N").
std::string ListeningAddress(const std::string& log_path) {
  const std::string log = integration::ReadAll(log_path);
  constexpr char kListening[] = "listening on port ";
  const size_t at = log.rfind(kListening);
  if (at == std::string::npos) return "";
  const size_t digits = at + sizeof(kListening) - 1;
  return "127.0.0.1:" + log.substr(digits, log.find_first_not_of("0123456789", digits) - digits);
}

class CliEndToEndTest : public ::testing::Test {
 protected:
  // One stem-allinone for every test: each test uses academies of its own.
  static void SetUpTestSuite() {
    dir_ = new stem::testing::TempDir();
    integration::WriteFile(dir_->Sub("tokens"),
                           integration::TokenFileText({kAcademy, kOtherAcademy}));
    allinone_ = new integration::ServiceProcess(integration::ServiceProcessOptions{
        STEM_ALLINONE_BIN,
        {"--data_dir=" + dir_->Sub("data"), "--token_file=" + dir_->Sub("tokens"),
         "--clock_start=2019-01-02T09:00:00+01:00"},
        /*health_name=*/"",
        dir_->Sub("allinone.log")});
    started_ = allinone_->StartServing(absl::Now() + kPatience);
    server_ = ListeningAddress(dir_->Sub("allinone.log"));
  }

  static void TearDownTestSuite() {
    delete allinone_;
    delete dir_;
  }

  void SetUp() override {
    ASSERT_TRUE(started_.ok()) << started_;
    ASSERT_FALSE(server_.empty());
  }

  // `stem <args> --server <the allinone>`, as `token` (none when empty).
  Outcome Stem(std::vector<std::string> args, const std::string& token = "",
               const std::map<std::string, std::string>& env = {}) {
    args.push_back("--server=" + server_);
    if (!token.empty()) args.push_back("--token=" + TestToken(token));
    return RunStem(dir_->path(), args, env);
  }

  static std::vector<std::string> Application(const std::string& kbo) {
    return {"recognition",
            "submit-application",
            "--kbo",
            kbo,
            "--name",
            "STEM-academie Antwerpen",
            "--contact-email",
            "info@stem-antwerpen.be",
            "--domains",
            "science,digital",
            "--ages.min-age",
            "8",
            "--ages.max-age",
            "14",
            "--municipality-nis-codes",
            "11002",
            "--municipality-nis-codes",
            "11007",
            "--attestations.outside-school-hours",
            "--attestations.open-to-every-child",
            "--attestations.offered-as-trajectories"};
  }

  static stem::testing::TempDir* dir_;
  static integration::ServiceProcess* allinone_;
  static absl::Status started_;
  static std::string server_;
};

stem::testing::TempDir* CliEndToEndTest::dir_ = nullptr;
integration::ServiceProcess* CliEndToEndTest::allinone_ = nullptr;
absl::Status CliEndToEndTest::started_;
std::string CliEndToEndTest::server_;

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return message;
}

TEST_F(CliEndToEndTest, AnAcademyAppliesAnOfficerGrantsAndTheAcademyReadsAsTableAndJson) {
  std::vector<std::string> submit = Application("BE" + std::string(kAcademy));
  submit.insert(submit.end(), {"--request-id", "cli-submit-1", "--output", "json"});
  const Outcome submitted = Stem(submit, "academy-" + std::string(kAcademy));
  ASSERT_EQ(submitted.exit, 0) << submitted.err;
  const auto application = ParseJson<recognition::v1::SubmitApplicationResponse>(submitted.out);
  EXPECT_EQ(application.application_id(), std::string(kAcademy) + "-1");
  // The same request id again is the same answer, not a second application.
  const Outcome retried = Stem(submit, "academy-" + std::string(kAcademy));
  ASSERT_EQ(retried.exit, 0) << retried.err;
  EXPECT_EQ(retried.out, submitted.out);

  const Outcome granted = Stem(
      {"recognition", "grant-recognition", "--kbo", kAcademy, "--application-id",
       application.application_id(), "--kind", "provisional", "--reason", "meets every criterion"},
      "officer");
  ASSERT_EQ(granted.exit, 0) << granted.err;
  EXPECT_THAT(granted.out, HasSubstr("valid_from: 2019-01-02\n"));
  EXPECT_THAT(granted.out, HasSubstr("valid_until: 2020-01-01\n"));
  EXPECT_THAT(granted.err, HasSubstr("request id: "));  // generated, and said

  const Outcome table = Stem({"recognition", "get-academy", "--kbo", kAcademy}, "officer");
  ASSERT_EQ(table.exit, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("academy:\n  kbo: 0123456749\n"));
  EXPECT_THAT(table.out, HasSubstr("  domains: SCIENCE, DIGITAL\n"));
  EXPECT_THAT(table.out, HasSubstr("  ages:\n    min_age: 8\n    max_age: 14\n"));
  EXPECT_THAT(table.out, HasSubstr("      kind: PROVISIONAL\n"));

  const Outcome json =
      Stem({"recognition", "get-academy", "--kbo", kAcademy, "--output", "json"}, "officer");
  ASSERT_EQ(json.exit, 0) << json.err;
  const auto academy = ParseJson<recognition::v1::GetAcademyResponse>(json.out).academy();
  EXPECT_EQ(academy.kbo(), kAcademy);
  EXPECT_EQ(academy.name(), "STEM-academie Antwerpen");
  ASSERT_EQ(academy.domains_size(), 2);
  EXPECT_EQ(academy.domains(1), common::v1::STEM_DOMAIN_DIGITAL);
  EXPECT_EQ(academy.ages().max_age(), 14);
  ASSERT_EQ(academy.municipality_nis_codes_size(), 2);
  ASSERT_EQ(academy.applications_size(), 1);
  EXPECT_EQ(academy.applications(0).state(), recognition::v1::APPLICATION_STATE_GRANTED);
  ASSERT_EQ(academy.grants_size(), 1);
  EXPECT_EQ(academy.grants(0).kind(), recognition::v1::RECOGNITION_KIND_PROVISIONAL);
  EXPECT_EQ(academy.grants(0).valid_until(), "2020-01-01");
  EXPECT_EQ(academy.version(), 2);

  const Outcome register_table =
      Stem({"recognition", "list-recognised-academies", "--date", "2019-06-01"}, "auditor");
  ASSERT_EQ(register_table.exit, 0) << register_table.err;
  EXPECT_THAT(register_table.out, HasSubstr("KBO         NAME"));
  EXPECT_THAT(register_table.out,
              HasSubstr("0123456749  STEM-academie Antwerpen  PROVISIONAL  2020-01-01"));
}

// An academy imports its season from a CSV: each row one command, the refused rows named by
// their line, and the same file imported again imports nothing twice.
TEST_F(CliEndToEndTest, AnAcademyImportsACsvAndImportingItAgainChangesNothing) {
  const std::string csv = dir_->Sub("season.csv");
  integration::WriteFile(
      csv,
      "register-activity.academy-kbo,register-activity.title,register-activity.domains,"
      "register-activity.municipality-nis-code,register-activity.ages.min-age,"
      "register-activity.ages.max-age,register-activity.sessions\n"
      "0200000043,Robots bouwen,science,11002,8,12,"
      "\"{\"\"date\"\":\"\"2019-03-12\"\",\"\"startTime\"\":\"\"15:00\"\",\"\"endTime\"\":\"\"17:"
      "00\"\"}\"\n"
      "0200000043,   ,science,11002,8,12,"
      "\"{\"\"date\"\":\"\"2019-03-13\"\",\"\"startTime\"\":\"\"15:00\"\",\"\"endTime\"\":\"\"17:"
      "00\"\"}\"\n"
      "0200000043,Codeerclub,\"digital,science\",11002,10,14,"
      "\"[{\"\"date\"\":\"\"2019-03-14\"\",\"\"startTime\"\":\"\"15:00\"\",\"\"endTime\"\":\"\"17:"
      "00\"\"},"
      "{\"\"date\"\":\"\"2019-03-21\"\",\"\"startTime\"\":\"\"15:00\"\",\"\"endTime\"\":\"\"17:"
      "00\"\"}]\"\n");
  const std::string academy = "academy-" + std::string(kOtherAcademy);
  const Outcome imported = Stem({"activity", "import-commands", "--csv", csv}, academy);
  EXPECT_EQ(imported.exit, 1) << imported.err;  // one row was refused
  EXPECT_THAT(imported.out, HasSubstr("line 3: INVALID_ARGUMENT TITLE_MISSING: "));
  EXPECT_THAT(imported.err, HasSubstr("imported 3 of 3 items: 2 accepted, 1 refused"));

  const Outcome first =
      Stem({"activity", "import-commands", "--csv", csv, "--output", "json"}, academy);
  const Outcome again =
      Stem({"activity", "import-commands", "--csv", csv, "--output", "json"}, academy);
  EXPECT_EQ(first.exit, 1);
  EXPECT_EQ(again.out, first.out);  // the same answers: repeated, not imported again
  std::vector<std::string> lines = absl::StrSplit(first.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  const auto registered = ParseJson<activity::v1::ImportCommandsResponse>(lines[2]);
  EXPECT_EQ(registered.index(), 2);
  EXPECT_EQ(registered.register_activity().version(), 1);
  ASSERT_EQ(registered.register_activity().session_ids_size(), 2);

  const Outcome read = Stem({"activity", "get-activity", "--activity-id",
                             registered.register_activity().activity_id(), "--output", "json"},
                            academy);
  ASSERT_EQ(read.exit, 0) << read.err;
  const auto activity = ParseJson<activity::v1::GetActivityResponse>(read.out).activity();
  EXPECT_EQ(activity.title(), "Codeerclub");
  EXPECT_EQ(activity.domains_size(), 2);
  EXPECT_EQ(activity.version(), 1);
}

TEST_F(CliEndToEndTest, ARefusalShowsTheReasonCodeAndTheHintWithExitStatusOne) {
  const Outcome refused = Stem(Application("0123456748"), "officer");
  EXPECT_EQ(refused.exit, 1);
  EXPECT_THAT(refused.err, HasSubstr("error: INVALID_ARGUMENT KBO_INVALID: "));
  EXPECT_THAT(refused.err, HasSubstr("hint: write the KBO number as 0123.456.749"));
  EXPECT_THAT(refused.out, IsEmpty());

  std::vector<std::string> unknown_municipality = Application(kOtherAcademy);
  unknown_municipality.insert(unknown_municipality.end(), {"--municipality-nis-codes", "99999"});
  const Outcome municipality = Stem(unknown_municipality, "officer");
  EXPECT_EQ(municipality.exit, 1);
  EXPECT_THAT(municipality.err, HasSubstr("MUNICIPALITY_UNKNOWN"));
  EXPECT_THAT(municipality.err, HasSubstr("hint: use the 5-digit NIS code"));

  // A boolean flag set to false explicitly: the academy does not attest it.
  std::vector<std::string> unattested = Application(kOtherAcademy);
  unattested.push_back("--attestations.offered-as-trajectories=false");
  const Outcome attestation = Stem(unattested, "officer");
  EXPECT_EQ(attestation.exit, 1);
  EXPECT_THAT(attestation.err, HasSubstr("INVALID_ARGUMENT ATTESTATION_MISSING: "));
}

TEST_F(CliEndToEndTest, AWrongRoleIsPermissionDeniedAndNoIdentityIsUnauthenticated) {
  const Outcome academy_grants =
      Stem({"recognition", "grant-recognition", "--kbo", kOtherAcademy, "--application-id",
            "0200000043-1", "--kind", "full", "--reason", "self-service"},
           "academy-" + std::string(kOtherAcademy));
  EXPECT_EQ(academy_grants.exit, 1);
  EXPECT_THAT(academy_grants.err, HasSubstr("error: PERMISSION_DENIED ROLE_NOT_ALLOWED: "));
  EXPECT_THAT(academy_grants.err, HasSubstr("hint: your role may not do this"));

  const Outcome anonymous = Stem({"recognition", "get-academy", "--kbo", kAcademy});
  EXPECT_EQ(anonymous.exit, 1);
  EXPECT_THAT(anonymous.err, HasSubstr("error: UNAUTHENTICATED IDENTITY_MISSING: "));
  EXPECT_THAT(anonymous.err, HasSubstr("STEM_TOKEN"));
}

TEST_F(CliEndToEndTest, TheIdentityAndTheServerComeFromTheEnvironment) {
  // No --server and no --token: STEM_SERVER_RECOGNITION and STEM_TOKEN say them.
  std::vector<std::string> submit = Application(kOtherAcademy);
  submit.insert(submit.end(), {"--output", "json"});
  const std::map<std::string, std::string> as_academy = {
      {"STEM_SERVER_RECOGNITION", server_},
      {"STEM_TOKEN", TestToken("academy-" + std::string(kOtherAcademy))}};
  const Outcome submitted = RunStem(dir_->path(), submit, as_academy);
  ASSERT_EQ(submitted.exit, 0) << submitted.err;
  EXPECT_EQ(ParseJson<recognition::v1::SubmitApplicationResponse>(submitted.out).application_id(),
            std::string(kOtherAcademy) + "-1");

  // The academy reads its own record; STEM_SERVER serves every service.
  const Outcome own = RunStem(dir_->path(), {"recognition", "get-academy", "--kbo", kOtherAcademy},
                              {{"STEM_SERVER", server_},
                               {"STEM_TOKEN", TestToken("academy-" + std::string(kOtherAcademy))}});
  ASSERT_EQ(own.exit, 0) << own.err;
  EXPECT_THAT(own.out, HasSubstr("kbo: 0200000043\n"));
  // A flag overrides the environment: the academy may not read another academy.
  const Outcome other = RunStem(dir_->path(),
                                {"recognition", "get-academy", "--kbo", kAcademy, "--token",
                                 TestToken("academy-" + std::string(kOtherAcademy))},
                                {{"STEM_SERVER", server_}, {"STEM_TOKEN", TestToken("officer")}});
  EXPECT_EQ(other.exit, 1);
  EXPECT_THAT(other.err, HasSubstr("PERMISSION_DENIED NOT_OWN_ACADEMY"));
}

TEST_F(CliEndToEndTest, AnUnreachableServerExitsWithThree) {
  const Outcome outcome = RunStem(dir_->path(), {"recognition", "get-academy", "--kbo", kAcademy,
                                                 "--server", kClosedServer, "--token", "officer"});
  EXPECT_EQ(outcome.exit, 3);
  EXPECT_THAT(outcome.err, HasSubstr("error: UNAVAILABLE"));
  EXPECT_THAT(outcome.err, HasSubstr("hint: is a server running at 127.0.0.1:1?"));
  EXPECT_THAT(outcome.out, IsEmpty());
}

TEST_F(CliEndToEndTest, UsageErrorsExitWithTwoAndSendNothing) {
  std::vector<std::string> submit = Application(kAcademy);
  submit.insert(submit.end(), {"--domains", "astrology"});
  const Outcome outcome = Stem(submit, "officer");
  EXPECT_EQ(outcome.exit, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--domains: 'astrology' is not a StemDomain"));
}

// A server stream: the audit's progress, message by message, then its report.
TEST_F(CliEndToEndTest, AnAuditorReplaysTheAuditWithProgressAndAReport) {
  const Outcome table = Stem({"audit", "replay-audit"}, "auditor");
  ASSERT_EQ(table.exit, 0) << table.err;
  // Not a terminal: the progress is lines on stderr, one per streamed progress message.
  EXPECT_THAT(table.err, ::testing::ContainsRegex("(^|\n)read: [0-9]+/[0-9]+\n"));
  EXPECT_THAT(table.err, HasSubstr("projections: 4/4\n"));
  EXPECT_THAT(table.out, ::testing::StartsWith("passed: true\n"));
  EXPECT_THAT(table.out, ::testing::ContainsRegex("\nNAME +LIVE_CHECKSUM +REBUILT_CHECKSUM"));
  EXPECT_THAT(table.out, ::testing::ContainsRegex("\nrecognition +[0-9a-f]+"));

  // For scripts: one JSON document per streamed message, the report last.
  const Outcome json = Stem({"audit", "replay-audit", "--output", "json"}, "auditor");
  ASSERT_EQ(json.exit, 0) << json.err;
  std::istringstream lines(json.out);
  std::vector<audit::v1::ReplayAuditResponse> messages;
  for (std::string line; std::getline(lines, line);) {
    messages.push_back(ParseJson<audit::v1::ReplayAuditResponse>(line));
  }
  ASSERT_GE(messages.size(), 2u);
  EXPECT_TRUE(messages.front().has_progress());
  ASSERT_TRUE(messages.back().has_report());
  EXPECT_TRUE(messages.back().report().passed());
  EXPECT_GT(messages.back().report().facts_read(), 0);

  const Outcome academy = Stem({"audit", "replay-audit"}, "academy-" + std::string(kAcademy));
  EXPECT_EQ(academy.exit, 1);
  EXPECT_THAT(academy.err, HasSubstr("PERMISSION_DENIED ROLE_NOT_ALLOWED"));
}

TEST_F(CliEndToEndTest, OperatorsWaitForReadinessAndReadTheClockAndProjections) {
  const Outcome ready = Stem({"ops", "wait-ready", "--service", "recognition"});
  ASSERT_EQ(ready.exit, 0) << ready.err;
  EXPECT_EQ(ready.out, "SERVING stem.recognition.v1.RecognitionService\n");

  const Outcome time = Stem({"clock", "get-time"}, "operator");
  ASSERT_EQ(time.exit, 0) << time.err;
  EXPECT_THAT(time.out, HasSubstr("now: 2019-01-02T08:00:00Z\n"));
  EXPECT_THAT(time.out, HasSubstr("mode: MANUAL\n"));

  const Outcome backwards =
      Stem({"clock", "advance-clock", "--to", "2018-12-31T00:00:00Z"}, "operator");
  EXPECT_EQ(backwards.exit, 1);
  EXPECT_THAT(backwards.err, HasSubstr("CLOCK_BACKWARDS"));

  const Outcome projections = Stem({"ops", "get-projection-states"}, "auditor");
  ASSERT_EQ(projections.exit, 0) << projections.err;
  for (const char* name : {"recognition", "activity", "partnership", "subsidy"}) {
    EXPECT_THAT(projections.out, HasSubstr(name));
  }
}

}  // namespace
}  // namespace stem::cli
