// `stem` in process: a command for every RPC of every registered service (found by walking
// their descriptors), help, usage errors that name what to fix and send nothing, and global
// options before or after the command. No server runs here: a call goes to a closed port.
#include "tools/cli/cli_app.h"

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "tools/cli/errors.h"
#include "tools/cli/field_flags.h"
#include "tools/cli/service_registry.h"

namespace stem::cli {
namespace {

using Variables = std::map<std::string, std::string>;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Nothing listens on port 1 of loopback: a call there fails at once with UNAVAILABLE.
constexpr char kClosedServer[] = "127.0.0.1:1";

struct Result {
  int exit = -1;
  std::string out;
  std::string err;
};

Result Stem(std::vector<std::string> args, const Environment& env = Environment()) {
  args.insert(args.begin(), "stem");
  std::ostringstream out;
  std::ostringstream err;
  Result result;
  result.exit = RunCli(args, env, out, err, /*err_is_terminal=*/false);
  result.out = out.str();
  result.err = err.str();
  return result;
}

TEST(CommandTreeTest, RegistersTheFourServicesTheReportsTheAuditAndOperations) {
  std::set<std::string> services;
  for (const ServiceEntry& entry : Services()) services.insert(entry.full_name);
  EXPECT_THAT(services, ::testing::IsSupersetOf({
                            "stem.recognition.v1.RecognitionService",
                            "stem.activity.v1.ActivityService",
                            "stem.partnership.v1.PartnershipService",
                            "stem.subsidy.v1.SubsidyService",
                            "stem.subsidy.v1.ReportService",
                            "stem.audit.v1.AuditService",
                            "stem.clock.v1.ClockService",
                            "stem.ops.v1.ProjectionService",
                        }));
}

// Walks the descriptors, not the tree: an RPC added to a proto without a command fails here.
// Each command is run against a closed port: it exists, parses, and really calls (exit 3).
TEST(CommandTreeTest, EveryRpcOfEveryRegisteredServiceIsACommandThatCallsIt) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  int methods = 0;
  for (const ServiceEntry& entry : Services()) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(entry.full_name);
    ASSERT_NE(service, nullptr) << entry.full_name;
    ASSERT_GT(service->method_count(), 0) << entry.full_name;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      SCOPED_TRACE(method->full_name());
      std::vector<std::string> args = {entry.command, KebabCase(method->name()), "--server",
                                       kClosedServer};
      // A client stream (a bulk import) reads its items from a file; none is fine.
      if (method->client_streaming()) args.insert(args.end(), {"--input", "/dev/null"});
      const Result result = Stem(args);
      EXPECT_EQ(result.exit, kExitUnreachable) << result.err;
      EXPECT_THAT(result.err, HasSubstr("error: UNAVAILABLE"));
      EXPECT_THAT(result.out, IsEmpty());
      ++methods;
    }
  }
  EXPECT_GE(methods, 40);  // the descriptors were found: the suite has about fifty RPCs
}

TEST(CommandTreeTest, ServerStreamingRpcsAreCommandsToo) {
  const Result result = Stem({"audit", "replay-audit", "--help"});
  EXPECT_EQ(result.exit, kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("ReplayAuditRequest -> ReplayAuditResponse"));
}

TEST(HelpTest, ListsTheGroupsAndTheFlagsOfACommand) {
  const Result top = Stem({"--help"});
  EXPECT_EQ(top.exit, kExitOk);
  for (const char* group :
       {"recognition", "activity", "partnership", "subsidy", "reports", "audit", "clock", "ops"}) {
    EXPECT_THAT(top.out, HasSubstr(group));
  }
  EXPECT_THAT(top.out, HasSubstr("STEM_TOKEN"));

  const Result submit = Stem({"recognition", "submit-application", "--help"});
  EXPECT_EQ(submit.exit, kExitOk);
  for (const char* flag : {"--kbo", "--domains", "--ages.min-age", "--municipality-nis-codes",
                           "--attestations.outside-school-hours", "--json", "--json-file"}) {
    EXPECT_THAT(submit.out, HasSubstr(flag));
  }
  EXPECT_THAT(submit.out, HasSubstr("SCIENCE, TECHNOLOGY"));

  const Result version = Stem({"--version"});
  EXPECT_EQ(version.exit, kExitOk);
  EXPECT_THAT(version.out, HasSubstr("stem "));
}

TEST(UsageTest, ABadFlagValueNamesTheFlagAndSendsNothing) {
  // Sent, it would have failed with exit 3 (closed port): exit 2 says nothing was sent.
  const Result result = Stem({"recognition", "submit-application", "--server", kClosedServer,
                              "--kbo", "0123456749", "--ages.min-age", "eight"});
  EXPECT_EQ(result.exit, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("error: --ages.min-age: 'eight' is not a whole number"));
  EXPECT_THAT(result.err, HasSubstr("--help"));
  EXPECT_THAT(result.out, IsEmpty());

  const Result kind =
      Stem({"recognition", "grant-recognition", "--server", kClosedServer, "--kind", "permanent"});
  EXPECT_EQ(kind.exit, kExitUsage);
  EXPECT_THAT(kind.err, HasSubstr("--kind: 'permanent' is not a RecognitionKind"));
}

TEST(UsageTest, UnknownCommandsFlagsAndOptionValuesAreUsageErrors) {
  EXPECT_EQ(Stem({}).exit, kExitUsage);
  EXPECT_EQ(Stem({"recognition"}).exit, kExitUsage);
  EXPECT_EQ(Stem({"recognition", "grant-everything"}).exit, kExitUsage);
  const Result unknown = Stem({"recognition", "get-academy", "--kob", "0123456749"});
  EXPECT_EQ(unknown.exit, kExitUsage);
  EXPECT_THAT(unknown.err, HasSubstr("--kob"));
  const Result output = Stem({"recognition", "get-academy", "--output", "yaml"});
  EXPECT_EQ(output.exit, kExitUsage);
  EXPECT_THAT(output.err, HasSubstr("--output"));
  const Result timeout = Stem({"recognition", "get-academy", "--timeout", "soon"});
  EXPECT_EQ(timeout.exit, kExitUsage);
  EXPECT_THAT(timeout.err, HasSubstr("--timeout"));
  const Result json = Stem({"recognition", "get-academy", "--json", "{\"kob\":\"1\"}"});
  EXPECT_EQ(json.exit, kExitUsage);
  EXPECT_THAT(json.err, HasSubstr("--json: not a GetAcademyRequest"));
  const Result tls = Stem({"recognition", "get-academy", "--cert", "client.pem"});
  EXPECT_EQ(tls.exit, kExitUsage);
  EXPECT_THAT(tls.err, HasSubstr("--cert, --key and --ca"));
}

TEST(GlobalOptionsTest, MayComeBeforeOrAfterTheCommandOrFromTheEnvironment) {
  EXPECT_EQ(Stem({"--server", kClosedServer, "--output", "json", "recognition", "get-academy",
                  "--kbo", "0123456749"})
                .exit,
            kExitUnreachable);
  EXPECT_EQ(Stem({"recognition", "get-academy", "--kbo", "0123456749", "--output", "json",
                  "--server", kClosedServer, "--token", "officer", "--timeout", "5s"})
                .exit,
            kExitUnreachable);
  const Result from_env = Stem({"recognition", "get-academy", "--kbo", "0123456749"},
                               Environment(Variables{{"STEM_SERVER_RECOGNITION", kClosedServer}}));
  EXPECT_EQ(from_env.exit, kExitUnreachable);
  EXPECT_THAT(from_env.err, HasSubstr("is a server running at 127.0.0.1:1?"));
}

TEST(CommandTest, ACommandWithoutARequestIdGetsOneAndSaysSo) {
  const Result result = Stem({"recognition", "revoke-recognition", "--server", kClosedServer});
  EXPECT_EQ(result.exit, kExitUnreachable);
  EXPECT_THAT(result.err, HasSubstr("request id: "));
  EXPECT_THAT(result.err, HasSubstr("use --request-id to retry safely"));
  const Result given =
      Stem({"recognition", "revoke-recognition", "--server", kClosedServer, "--request-id", "r1"});
  EXPECT_THAT(given.err, ::testing::Not(HasSubstr("request id: ")));
}

TEST(WaitReadyTest, GivesUpOnAnUnreachableServerAfterTheTimeout) {
  const absl::Time start = absl::Now();
  const Result result = Stem({"ops", "wait-ready", "--server", kClosedServer, "--timeout", "1s"});
  EXPECT_EQ(result.exit, kExitUnreachable) << result.err;
  EXPECT_THAT(result.err, HasSubstr("UNAVAILABLE"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

TEST(EnvironmentTest, GetIsEmptyWhenUnset) {
  const Environment env(Variables{{"STEM_TOKEN", "officer"}});
  EXPECT_EQ(env.Get("STEM_TOKEN"), "officer");
  EXPECT_EQ(env.Get("STEM_SERVER"), "");
}

}  // namespace
}  // namespace stem::cli
