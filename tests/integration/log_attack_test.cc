// Someone who can write the log's storage attacks it (rulebook section 9), on a stopped
// stem-allinone whose auditor saved a signed checkpoint first. Each attack rewrites the
// embedded log as the attacker would and removes the stores (so that they are rebuilt from
// the rewritten log and no store remembers the truth); the suite then either names the
// attack in ReplayAudit, or - for a full rewrite made with the stolen fact key, whose facts
// and chains are all valid - the saved checkpoint does: `stem audit verify-checkpoint`
// exits 4 naming the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/events/fact_mac.h"
#include "libs/rpc/testing/test_tokens.h"
#include "libs/service/command_guard.h"
#include "libs/service/topics.h"
#include "libs/transparency/checkpoint.h"
#include "services/audit/log_reading.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "stem/recognition/v1/events.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using ::testing::HasSubstr;

constexpr absl::Duration kPatience = absl::Seconds(60);
const std::string kFactKeys = "suite-1 " + std::string(64, '5') + "\n";
const std::vector<std::string> kAcademies = {"0123456749", "0987654394"};

using Partition = std::vector<eventlog::Record>;

// Every record of every topic of the log at `directory`, per partition in offset order, as
// the audit reads it (audit::ReadTopics).
std::map<eventlog::TopicPartition, Partition> ReadLog(const std::string& directory,
                                                      const service::Topics& topics) {
  std::map<eventlog::TopicPartition, Partition> partitions;
  auto log = eventlog::OpenEmbeddedEventLog({.directory = directory, .sync = true});
  EXPECT_TRUE(log.ok()) << log.status();
  if (!log.ok()) return partitions;
  auto contents = audit::ReadTopics(
      **log, {topics.recognition, topics.activity, topics.partnership, topics.subsidy},
      absl::Now() + kPatience);
  EXPECT_TRUE(contents.ok()) << contents.status();
  if (!contents.ok()) return partitions;
  for (const auto& [partition, end] : contents->ends) partitions[partition];  // empty ones too
  for (eventlog::Record& record : contents->records) {
    partitions[record.topic_partition].push_back(std::move(record));
  }
  return partitions;
}

// A new log at `directory` holding exactly `partitions` (each record appended alone, so that
// its key's partition and its order are what the attacker chose).
void WriteLog(const std::string& directory, const service::Topics& topics, int32_t partitions,
              const std::map<eventlog::TopicPartition, Partition>& content) {
  std::filesystem::remove_all(directory);
  auto log = eventlog::OpenEmbeddedEventLog({.directory = directory, .sync = false});
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE((*log)->EnsureTopics(topics.Specs(partitions)).ok());
  for (const auto& [partition, records] : content) {
    for (const eventlog::Record& record : records) {
      auto appended =
          (*log)->Append({{partition.topic, record.key, record.value}}, absl::Now() + kPatience);
      ASSERT_TRUE(appended.ok()) << appended.status();
      ASSERT_EQ(appended->front().topic_partition, partition) << "the key decides the partition";
    }
  }
}

class LogAttackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.Sub("tokens"), TokenFileText(kAcademies));
    WriteFile(dir_.Sub("fact-keys"), kFactKeys);
    std::filesystem::permissions(dir_.Sub("fact-keys"), std::filesystem::perms::owner_read);
    WriteFile(dir_.Sub("checkpoint-key.pem"),
              transparency::CheckpointSigner::Generate()->PrivateKeyPem());
    std::filesystem::permissions(dir_.Sub("checkpoint-key.pem"),
                                 std::filesystem::perms::owner_read);
    ServiceProcess allinone = Process();
    ASSERT_TRUE(allinone.StartServing(absl::Now() + kPatience).ok()) << allinone.LogTail();
    for (const std::string& academy : kAcademies) {
      ASSERT_TRUE(RecogniseAcademy(allinone.Channel(), academy).ok());
    }
    const auto [saved, output] = Stem({"audit", "save-checkpoint", dir_.Sub("checkpoint"),
                                       "--public_key=" + dir_.Sub("checkpoint.pub")},
                                      allinone.Address());
    ASSERT_EQ(saved, 0) << output;
    auto stopped = allinone.Terminate(absl::Now() + kPatience);
    ASSERT_TRUE(stopped.ok() && *stopped == 0) << allinone.LogTail();
    truth_ = ReadLog(Log(), topics_);
  }

  ServiceProcess Process() {
    return ServiceProcess({STEM_ALLINONE_BIN,
                           {"--data_dir=" + dir_.Sub("data"), "--token_file=" + dir_.Sub("tokens"),
                            "--fact_key_file=" + dir_.Sub("fact-keys"),
                            "--checkpoint_key_file=" + dir_.Sub("checkpoint-key.pem"),
                            "--clock_start=2019-01-07T09:00:00Z", "--partitions=2"},
                           "stem.audit.v1.AuditService",
                           dir_.Sub("allinone.log")});
  }

  std::pair<int, std::string> Stem(std::vector<std::string> args, const std::string& server) {
    args.push_back("--server=" + server);
    args.push_back("--token=" + rpc::testing::TestToken("auditor"));
    return RunToEnd(STEM_CLI_BIN, args);
  }

  std::string Log() const { return dir_.Sub("data") + "/log"; }

  // The attacker's log, with the stores gone; then the suite's verdicts: the audit's report
  // and verify-checkpoint's exit code and words.
  struct Verdicts {
    audit::v1::AuditReport report;
    int checkpoint_exit = -1;
    std::string checkpoint_output;
  };
  Verdicts Attack(const std::map<eventlog::TopicPartition, Partition>& rewritten) {
    WriteLog(Log(), topics_, 2, rewritten);
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Sub("data"))) {
      if (entry.is_directory() && entry.path().filename() != "log") {
        std::filesystem::remove_all(entry.path());
      }
    }
    Verdicts verdicts;
    ServiceProcess allinone = Process();
    absl::Status started = allinone.StartServing(absl::Now() + kPatience);
    EXPECT_TRUE(started.ok()) << started << allinone.LogTail();
    if (!started.ok()) return verdicts;
    auto audit = audit::v1::AuditService::NewStub(allinone.Channel());
    auto context = CallAs("auditor", absl::Seconds(120));
    auto reader = audit->ReplayAudit(context.get(), audit::v1::ReplayAuditRequest());
    audit::v1::ReplayAuditResponse message;
    while (reader->Read(&message)) {
      if (message.has_report()) verdicts.report = message.report();
    }
    EXPECT_TRUE(reader->Finish().ok());
    std::tie(verdicts.checkpoint_exit, verdicts.checkpoint_output) =
        Stem({"audit", "verify-checkpoint", dir_.Sub("checkpoint"),
              "--public_key=" + dir_.Sub("checkpoint.pub")},
             allinone.Address());
    return verdicts;
  }

  // The recognition partition that holds academy `kbo`'s facts.
  eventlog::TopicPartition PartitionOf(const std::string& kbo) const {
    return {topics_.recognition, eventlog::PartitionForKey(kbo, 2)};
  }

  stem::testing::TempDir dir_;
  const service::Topics topics_ = service::Topics::WithPrefix("");
  std::map<eventlog::TopicPartition, Partition> truth_;
};

// The positions in `records` of the academies' facts, past the partition's fact key
// announcement (libs/service/fact_key_currency.h).
std::vector<size_t> AcademyFacts(const Partition& records) {
  std::vector<size_t> positions;
  for (size_t i = 0; i < records.size(); ++i) {
    events::v1::EventEnvelope event;
    if (event.ParseFromString(records[i].value) && event.aggregate_type() == "academy") {
      positions.push_back(i);
    }
  }
  return positions;
}

std::string Kinds(const audit::v1::AuditReport& report) {
  std::string kinds;
  for (const auto& divergence : report.divergences()) {
    kinds += audit::v1::DivergenceKind_Name(divergence.kind()) + " ";
  }
  return kinds;
}

TEST_F(LogAttackTest, TheUntouchedLogPassesBoth) {
  const Verdicts verdicts = Attack(truth_);
  EXPECT_TRUE(verdicts.report.passed()) << Kinds(verdicts.report);
  EXPECT_EQ(verdicts.checkpoint_exit, 0) << verdicts.checkpoint_output;
}

// With the fact key stolen, every fact re-sealed and every chain re-linked: the audit finds
// nothing wrong, and only the checkpoint, whose key the attacker has not, tells.
TEST_F(LogAttackTest, AFullRewriteWithTheStolenFactKeyIsCaughtByTheCheckpoint) {
  const eventlog::TopicPartition target = PartitionOf(kAcademies[0]);
  auto keys = events::FactKeyRing::Parse(kFactKeys);
  ASSERT_TRUE(keys.ok());
  std::map<eventlog::TopicPartition, Partition> rewritten = truth_;
  std::map<std::string, std::string> last_hash;  // per aggregate, as re-linked
  bool altered = false;
  for (eventlog::Record& record : rewritten[target]) {
    events::v1::EventEnvelope event;
    ASSERT_TRUE(event.ParseFromString(record.value));
    if (!altered && event.payload().Is<recognition::v1::RecognitionGranted>()) {
      recognition::v1::RecognitionGranted granted;
      ASSERT_TRUE(event.payload().UnpackTo(&granted));
      granted.set_reason("rewritten by someone who stole the fact key");
      event.mutable_payload()->PackFrom(granted);
      altered = true;
    }
    const std::string aggregate = event.aggregate_type() + "/" + event.aggregate_id();
    if (last_hash.contains(aggregate)) event.set_previous_hash(last_hash[aggregate]);
    event.clear_mac_key_id();
    event.clear_fact_mac();
    record.value = keys->Seal(event);
    last_hash[aggregate] = service::FactHash(record.value);
  }
  ASSERT_TRUE(altered);
  const Verdicts verdicts = Attack(rewritten);
  EXPECT_TRUE(verdicts.report.passed()) << "facts and chains all hold: " << Kinds(verdicts.report);
  EXPECT_EQ(verdicts.checkpoint_exit, 4) << verdicts.checkpoint_output;
  EXPECT_THAT(verdicts.checkpoint_output,
              HasSubstr("log " + target.topic + "/" + std::to_string(target.partition)));
}

TEST_F(LogAttackTest, AnAlteredFactIsNamedForgedAndFailsTheCheckpoint) {
  const eventlog::TopicPartition target = PartitionOf(kAcademies[0]);
  std::map<eventlog::TopicPartition, Partition> rewritten = truth_;
  const std::vector<size_t> academy = AcademyFacts(rewritten[target]);
  ASSERT_FALSE(academy.empty());
  std::string& value = rewritten[target][academy[0]].value;
  const size_t at = value.find("info@academie.be");
  ASSERT_NE(at, std::string::npos);
  value[at] = 'X';  // an attacker without the key edits a byte
  const Verdicts verdicts = Attack(rewritten);
  EXPECT_FALSE(verdicts.report.passed());
  EXPECT_THAT(Kinds(verdicts.report), HasSubstr("DIVERGENCE_KIND_FACT_FORGED"));
  EXPECT_EQ(verdicts.checkpoint_exit, 4) << verdicts.checkpoint_output;
}

TEST_F(LogAttackTest, ARemovedFactFailsTheAuditAndTheCheckpoint) {
  const eventlog::TopicPartition target = PartitionOf(kAcademies[0]);
  std::map<eventlog::TopicPartition, Partition> rewritten = truth_;
  Partition& records = rewritten[target];
  const std::vector<size_t> academy = AcademyFacts(records);
  ASSERT_GE(academy.size(), 2U);
  records.erase(records.begin() + static_cast<ptrdiff_t>(academy[0]));  // its application
  const Verdicts verdicts = Attack(rewritten);
  EXPECT_FALSE(verdicts.report.passed());
  EXPECT_EQ(verdicts.checkpoint_exit, 4) << verdicts.checkpoint_output;
  EXPECT_THAT(verdicts.checkpoint_output, HasSubstr(target.topic));
}

TEST_F(LogAttackTest, AReorderedPairFailsTheAuditAndTheCheckpoint) {
  const eventlog::TopicPartition target = PartitionOf(kAcademies[0]);
  std::map<eventlog::TopicPartition, Partition> rewritten = truth_;
  Partition& records = rewritten[target];
  const std::vector<size_t> academy = AcademyFacts(records);
  ASSERT_GE(academy.size(), 2U);
  std::swap(records[academy[0]], records[academy[1]]);
  const Verdicts verdicts = Attack(rewritten);
  EXPECT_FALSE(verdicts.report.passed());
  EXPECT_EQ(verdicts.checkpoint_exit, 4) << verdicts.checkpoint_output;
}

}  // namespace
}  // namespace stem::integration
