// A fact nobody can apply never stops the suite (rulebook section 9): a revocation from year
// 0, placed by hand in the embedded log of a stopped stem-allinone (as an older version once
// accepted, or a forger with access to the disk wrote it), is set aside by every projection
// that reads it when the process starts again. The process serves; the fact shows in the
// ProjectionService and the CLI's ops commands; the facts after it are applied; and the
// audit fails naming it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <functional>

#include "absl/strings/str_join.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/events/fact_mac.h"
#include "libs/rpc/status.h"
#include "libs/rpc/testing/test_tokens.h"
#include "libs/service/command_guard.h"
#include "libs/service/topics.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "stem/recognition/v1/events.pb.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

constexpr char kAcademy[] = "0123456749";
constexpr absl::Duration kPatience = absl::Seconds(60);
constexpr char kForged[] = "forged-revocation-of-year-0";

// `stem <args>`: its exit code and what it printed.
std::pair<int, std::string> RunStem(const std::vector<std::string>& args) {
  return RunToEnd(STEM_CLI_BIN, args);
}

// The last fact of the academy's chain as the log holds it: its version and hash.
std::pair<int64_t, std::string> ChainEnd(eventlog::EventLog& log, const std::string& topic) {
  int64_t version = 0;
  std::string hash;
  class FromStart final : public eventlog::AssignmentListener {
   public:
    absl::StatusOr<eventlog::Positions> OnAssigned(
        const std::vector<eventlog::TopicPartition>&) override {
      return eventlog::Positions();
    }
    void OnRevoked(const std::vector<eventlog::TopicPartition>&) override {}
  } listener;
  auto ends = EndOffsets(log, {topic});
  EXPECT_TRUE(ends.ok()) << ends.status();
  int64_t total = 0;
  for (const auto& [partition, end] : *ends) total += end;
  eventlog::SubscriptionOptions options;
  options.topics = {topic};
  options.listener = &listener;
  auto subscription = log.Subscribe(options);
  EXPECT_TRUE(subscription.ok()) << subscription.status();
  for (int64_t read = 0; read < total;) {
    auto records = (*subscription)->Poll(absl::Milliseconds(200), 1000);
    EXPECT_TRUE(records.ok()) << records.status();
    for (const eventlog::Record& record : *records) {
      ++read;
      events::v1::EventEnvelope event;
      if (event.ParseFromString(record.value) && event.aggregate_id() == kAcademy &&
          event.aggregate_version() > version) {
        version = event.aggregate_version();
        hash = service::FactHash(record.value);
      }
    }
  }
  return {version, hash};
}

// Appends `record(version, hash)` - the next version of kAcademy's chain, linked to its last
// fact - to the recognition topic of the stopped process's log at `log_dir`, as someone with
// access to the disk would.
void AppendByHand(const std::string& log_dir,
                  const std::function<std::string(int64_t, const std::string&)>& record) {
  const std::string topic = service::Topics::WithPrefix("").recognition;
  auto log = eventlog::OpenEmbeddedEventLog({log_dir, /*sync=*/true});
  ASSERT_TRUE(log.ok()) << log.status();
  const auto [version, hash] = ChainEnd(**log, topic);
  ASSERT_EQ(version, 2);
  ASSERT_TRUE(
      (*log)->Append({{topic, kAcademy, record(version, hash)}}, absl::Now() + kPatience).ok());
}

// The officer revokes kAcademy's recognition through the API; the version it took.
absl::StatusOr<int64_t> RevokeAsOfficer(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = recognition::v1::RecognitionService::NewStub(channel);
  recognition::v1::RevokeRecognitionRequest revoke;
  revoke.set_request_id("a-real-revocation");
  revoke.set_kbo(kAcademy);
  revoke.set_effective_from("2019-06-01");
  revoke.set_reason("no more activities");
  recognition::v1::RevokeRecognitionResponse revoked;
  absl::Status status = rpc::FromGrpcStatus(
      stub->RevokeRecognition(CallAs("officer", absl::Seconds(20)).get(), revoke, &revoked));
  if (!status.ok()) return status;
  return revoked.version();
}

// A revocation of kAcademy as the next version of its chain (`version`, `hash`: the chain's
// end), written by hand as a forger would.
events::v1::EventEnvelope RevocationByHand(int64_t version, const std::string& hash,
                                           const std::string& effective_from) {
  recognition::v1::RecognitionRevoked revoked;
  revoked.set_effective_from(effective_from);
  revoked.set_reason("by hand");
  revoked.set_decided_on("2019-01-07");
  events::v1::EventEnvelope forged;
  forged.set_event_id(kForged);
  forged.set_aggregate_type("academy");
  forged.set_aggregate_id(kAcademy);
  forged.set_aggregate_version(version + 1);
  forged.set_event_type(recognition::v1::RecognitionRevoked::descriptor()->full_name());
  forged.set_schema_version(1);
  forged.set_previous_hash(hash);
  forged.mutable_occurred_at()->set_seconds(1546851600);  // 2019-01-07T09:00:00Z
  forged.mutable_payload()->PackFrom(revoked);
  return forged;
}

// stem-allinone in `dir`, with the fact keys in dir/fact-keys.
ServiceProcessOptions KeyedAllInOne(const stem::testing::TempDir& dir) {
  return {STEM_ALLINONE_BIN,
          {"--data_dir=" + dir.Sub("data"), "--token_file=" + dir.Sub("tokens"),
           "--fact_key_file=" + dir.Sub("fact-keys"), "--clock_start=2019-01-07T09:00:00Z",
           "--partitions=3"},
          "stem.audit.v1.AuditService",
          dir.Sub("allinone.log")};
}

TEST(ForgedFactTest, IsSetAsideShownAndNamedByTheAuditWhileTheSuiteGoesOn) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));
  ServiceProcess allinone({STEM_ALLINONE_BIN,
                           {"--data_dir=" + dir.Sub("data"), "--token_file=" + dir.Sub("tokens"),
                            "--clock_start=2019-01-07T09:00:00Z", "--partitions=3"},
                           "stem.audit.v1.AuditService",
                           dir.Sub("allinone.log")});
  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  ASSERT_TRUE(RecogniseAcademy(allinone.Channel(), kAcademy).ok());
  auto stopped = allinone.Terminate(absl::Now() + kPatience);
  ASSERT_TRUE(stopped.ok() && *stopped == 0) << allinone.LogTail();

  // By hand, into the log of the stopped process: the next version of the academy's chain,
  // linked to it, with a date no command would ever write.
  AppendByHand(dir.Sub("data") + "/log", [](int64_t version, const std::string& hash) {
    return RevocationByHand(version, hash, "0000-01-01").SerializeAsString();
  });

  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  // Every projection that reads recognitions set it aside, and none stopped.
  for (const char* name : {"recognition", "activity", "partnership", "subsidy"}) {
    auto state = ProjectionStateOf(allinone.Channel(), name);
    ASSERT_TRUE(state.ok()) << state.status();
    EXPECT_TRUE(state->error().empty()) << name << ": " << state->error();
    ASSERT_EQ(state->quarantined_count(), 1) << name;
    EXPECT_EQ(state->quarantined(0).event_id(), kForged) << name;
    EXPECT_EQ(state->quarantined(0).reason(), projection::v1::QUARANTINE_REASON_FACT_INVALID);
    EXPECT_NE(state->quarantined(0).detail().find("DATE_OUT_OF_RANGE"), std::string::npos);
  }
  auto health = HealthOf(allinone.Channel(), "");
  ASSERT_TRUE(health.ok() && *health == "SERVING");

  // The facts after it are applied: the academy's next command takes the next version.
  const absl::StatusOr<int64_t> revoked = RevokeAsOfficer(allinone.Channel());
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(*revoked, 4);

  // The audit fails, naming the fact.
  const audit::v1::AuditReport report = AuditReportOf(allinone.Channel());
  EXPECT_FALSE(report.passed());
  bool named = false;
  for (const audit::v1::Divergence& divergence : report.divergences()) {
    if (divergence.kind() == audit::v1::DIVERGENCE_KIND_FACT_SET_ASIDE &&
        divergence.facts_size() == 1 && divergence.facts(0).event_id() == kForged) {
      named = true;
    }
    EXPECT_NE(divergence.kind(), audit::v1::DIVERGENCE_KIND_PROJECTION_DIFFERS)
        << divergence.description();
  }
  EXPECT_TRUE(named) << report.ShortDebugString();

  // The same through the command-line client, as an operator and an auditor use it: listed
  // by `stem ops`, and an audit that does not pass exits with 4.
  const std::string server = "--server=" + allinone.Address();
  const auto [listed, list] =
      RunStem({"ops", "list-quarantined-facts", "--name", "activity", server,
               "--token=" + rpc::testing::TestToken("operator"), "--output", "json"});
  EXPECT_EQ(listed, 0) << list;
  EXPECT_NE(list.find(kForged), std::string::npos) << list;
  EXPECT_NE(list.find("DATE_OUT_OF_RANGE"), std::string::npos) << list;
  const auto [audited, verdict] =
      RunStem({"audit", "replay-audit", server, "--token=" + rpc::testing::TestToken("auditor")});
  EXPECT_EQ(audited, 4) << verdict;
  EXPECT_NE(verdict.find(kForged), std::string::npos) << verdict;
}

// Keyed facts (rulebook section 9): someone who can write the log's storage, but has not the
// suite's fact key, appends a valid-looking revocation with a correct plain-hash link. Every
// projection sets it aside as forged, it takes no version from the commands that follow,
// and the audit names it FACT_FORGED - while the suite's own facts verify.
TEST(ForgedFactTest, AFactWithoutTheSuitesKeyIsSetAsideTakesNoVersionAndIsNamedForged) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));
  WriteFile(dir.Sub("fact-keys"), "suite-1 " + std::string(64, '7') + "\n");
  std::filesystem::permissions(dir.Sub("fact-keys"), std::filesystem::perms::owner_read);
  ServiceProcess allinone(KeyedAllInOne(dir));
  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  ASSERT_TRUE(RecogniseAcademy(allinone.Channel(), kAcademy).ok());
  EXPECT_TRUE(AuditReportOf(allinone.Channel()).passed()) << "the suite's own facts verify";
  auto stopped = allinone.Terminate(absl::Now() + kPatience);
  ASSERT_TRUE(stopped.ok() && *stopped == 0) << allinone.LogTail();

  // Sealed as the suite seals, under the suite's key id, with a key of the forger's.
  auto forger = events::FactKeyRing::Parse("suite-1 " + std::string(64, '8'));
  ASSERT_TRUE(forger.ok());
  AppendByHand(dir.Sub("data") + "/log", [&](int64_t version, const std::string& hash) {
    return forger->Seal(RevocationByHand(version, hash, "2019-03-01"));
  });

  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  for (const char* name : {"recognition", "activity", "partnership", "subsidy"}) {
    auto state = ProjectionStateOf(allinone.Channel(), name);
    ASSERT_TRUE(state.ok()) << state.status();
    ASSERT_EQ(state->quarantined_count(), 1) << name;
    EXPECT_EQ(state->quarantined(0).event_id(), kForged) << name;
    EXPECT_EQ(state->quarantined(0).reason(), projection::v1::QUARANTINE_REASON_FACT_FORGED);
  }
  // The forged fact took no version: the officer's revocation is version 3.
  const absl::StatusOr<int64_t> revoked = RevokeAsOfficer(allinone.Channel());
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(*revoked, 3);

  const audit::v1::AuditReport report = AuditReportOf(allinone.Channel());
  EXPECT_FALSE(report.passed());
  int forged_named = 0;
  for (const audit::v1::Divergence& divergence : report.divergences()) {
    if (divergence.kind() == audit::v1::DIVERGENCE_KIND_FACT_FORGED &&
        divergence.facts_size() == 1 && divergence.facts(0).event_id() == kForged) {
      ++forged_named;
    }
    EXPECT_NE(divergence.kind(), audit::v1::DIVERGENCE_KIND_PROJECTION_DIFFERS)
        << divergence.description();
  }
  EXPECT_EQ(forged_named, 1) << report.ShortDebugString();
}

// Keys rotate through the log: restarted with a newer key in its key file, the suite makes
// it current in every partition (FactKeyRotated), signs with it from then on, and keeps
// verifying the facts the retired key signed. A revocation sealed afterwards with the
// retired key - stolen - takes no version, changes nothing and is listed by the audit.
TEST(ForgedFactTest, AfterARotationTheRetiredKeySignsNothing) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));
  const std::string retired = "suite-1 " + std::string(64, '7') + "\n";
  WriteFile(dir.Sub("fact-keys"), retired);
  ServiceProcess allinone(KeyedAllInOne(dir));
  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  ASSERT_TRUE(RecogniseAcademy(allinone.Channel(), kAcademy).ok());
  auto stopped = allinone.Terminate(absl::Now() + kPatience);
  ASSERT_TRUE(stopped.ok() && *stopped == 0) << allinone.LogTail();

  WriteFile(dir.Sub("fact-keys"), retired + "suite-2 " + std::string(64, '9') + "\n");
  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  const audit::v1::AuditReport rotated = AuditReportOf(allinone.Channel());
  EXPECT_TRUE(rotated.passed()) << "facts signed before the rotation verify: "
                                << rotated.ShortDebugString();
  stopped = allinone.Terminate(absl::Now() + kPatience);
  ASSERT_TRUE(stopped.ok() && *stopped == 0) << allinone.LogTail();

  auto thief = events::FactKeyRing::Parse(retired);
  ASSERT_TRUE(thief.ok());
  AppendByHand(dir.Sub("data") + "/log", [&](int64_t version, const std::string& hash) {
    return thief->Seal(RevocationByHand(version, hash, "2019-03-01"));
  });

  ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
  const absl::StatusOr<int64_t> revoked = RevokeAsOfficer(allinone.Channel());
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(*revoked, 3) << "the thief's revocation took no version";
  const audit::v1::AuditReport report = AuditReportOf(allinone.Channel());
  EXPECT_TRUE(report.passed()) << report.ShortDebugString();
  ASSERT_EQ(report.retired_key_uses_size(), 1) << report.ShortDebugString();
  EXPECT_EQ(report.retired_key_uses(0).fact().event_id(), kForged);
  EXPECT_EQ(report.retired_key_uses(0).key_id(), "suite-1");
  EXPECT_EQ(report.retired_key_uses(0).current_key_id(), "suite-2");
}

}  // namespace
}  // namespace stem::integration
