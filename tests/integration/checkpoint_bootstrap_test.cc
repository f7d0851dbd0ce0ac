// A new replica of stem-recognition on the real broker starts from a checkpoint of a ready
// replica's store (--bootstrap_peers) instead of replaying the log, and holds exactly what
// a replica that replayed holds: the same checksum at the same positions, before and after
// commands it takes itself. A replica whose peer cannot be reached replays; one SIGKILLed
// while it bootstraps starts over cleanly.
#include <gtest/gtest.h>

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/kafka_event_log.h"
#include "libs/rpc/status.h"
#include "libs/rpc/testing/test_tokens.h"
#include "libs/service/topics.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "tests/integration/kafka_test_util.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using eventlog::kafka_testing::KafkaBootstrap;
using eventlog::kafka_testing::TestKafkaOptions;
using eventlog::kafka_testing::UniqueKafkaName;

constexpr absl::Duration kPatience = absl::Seconds(90);
constexpr char kHealth[] = "stem.recognition.v1.RecognitionService";

// The `n`th valid KBO number of the test (mod-97 check digits).
std::string Kbo(int n) {
  const int64_t body = 2000000 + n;
  return absl::StrFormat("0%07d%02d", body, 97 - body % 97);
}

absl::Status Submit(ServiceProcess& replica, int n) {
  recognition::v1::SubmitApplicationResponse response;
  const grpc::Status status = recognition::v1::RecognitionService::NewStub(replica.Channel())
                                  ->SubmitApplication(CallAs("officer", absl::Seconds(30)).get(),
                                                      ApplicationFor(Kbo(n)), &response);
  return rpc::FromGrpcStatus(status);
}

class CheckpointBootstrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bootstrap_ = KafkaBootstrap();  // fails (does not skip) without a broker
    ASSERT_FALSE(bootstrap_.empty());
    prefix_ = UniqueKafkaName("bootstrap") + ".";
    WriteFile(dir_.Sub("tokens"), TokenFileText({}));
    WriteFile(dir_.Sub("operator-token"), rpc::testing::TestToken("operator") + "\n");
    std::filesystem::permissions(dir_.Sub("tokens"), std::filesystem::perms::owner_read |
                                                         std::filesystem::perms::owner_write);
  }

  std::unique_ptr<ServiceProcess> Replica(const std::string& name,
                                          const std::vector<std::string>& extra_flags = {}) {
    ServiceFlags flags{
        bootstrap_,    prefix_, dir_.Sub(name), dir_.Sub("tokens"), "2019-01-07T09:00:00Z",
        prefix_ + name};
    std::vector<std::string> command = KafkaFlags(flags);
    command.insert(command.end(), extra_flags.begin(), extra_flags.end());
    return std::make_unique<ServiceProcess>(
        ServiceProcessOptions{STEM_RECOGNITION_BIN, command, kHealth, dir_.Sub(name + ".log")});
  }

  std::vector<std::string> BootstrapFrom(const std::string& peer) const {
    return {"--bootstrap_peers=" + peer, "--bootstrap_token_file=" + dir_.Sub("operator-token")};
  }

  // Every replica at the log's end, each with the first one's checksum.
  void ExpectAllEqual(const std::vector<ServiceProcess*>& replicas) {
    auto log = eventlog::OpenKafkaEventLog(TestKafkaOptions());
    ASSERT_TRUE(log.ok()) << log.status();
    auto ends = EndOffsets(**log, {service::Topics::WithPrefix(prefix_).recognition});
    ASSERT_TRUE(ends.ok()) << ends.status();
    std::string first;
    for (ServiceProcess* replica : replicas) {
      auto state =
          WaitForPositions(replica->Channel(), "recognition", *ends, absl::Now() + kPatience);
      ASSERT_TRUE(state.ok()) << state.status() << "\n" << replica->LogTail();
      if (first.empty()) first = state->checksum();
      EXPECT_EQ(state->checksum(), first) << replica->LogTail();
    }
  }

  stem::testing::TempDir dir_;
  std::string bootstrap_;
  std::string prefix_;
};

TEST_F(CheckpointBootstrapTest, ANewReplicaStartsFromAPeersCheckpointAndHoldsWhatAReplayHolds) {
  auto peer = Replica("peer");
  ASSERT_TRUE(peer->StartServing(absl::Now() + kPatience).ok()) << peer->LogTail();
  for (int n = 0; n < 60; ++n) {
    absl::Status submitted = Submit(*peer, n);
    ASSERT_TRUE(submitted.ok()) << submitted;
  }

  auto bootstrapped = Replica("bootstrapped", BootstrapFrom(peer->Address()));
  ASSERT_TRUE(bootstrapped->StartServing(absl::Now() + kPatience).ok()) << bootstrapped->LogTail();
  EXPECT_TRUE(absl::StrContains(ReadAll(dir_.Sub("bootstrapped.log")),
                                "store recognition bootstrapped from " + peer->Address()))
      << bootstrapped->LogTail();

  // A peer that is not there: the replica replays the log.
  auto replayed = Replica("replayed", BootstrapFrom("127.0.0.1:1"));
  ASSERT_TRUE(replayed->StartServing(absl::Now() + kPatience).ok()) << replayed->LogTail();
  EXPECT_TRUE(absl::StrContains(ReadAll(dir_.Sub("replayed.log")), "replaying the log instead"));
  ExpectAllEqual({peer.get(), bootstrapped.get(), replayed.get()});

  // The bootstrapped replica takes commands and resumes projecting from its positions.
  for (int n = 60; n < 70; ++n) ASSERT_TRUE(Submit(*bootstrapped, n).ok());
  ExpectAllEqual({peer.get(), bootstrapped.get(), replayed.get()});
}

TEST_F(CheckpointBootstrapTest, AReplicaKilledWhileItBootstrapsStartsOverCleanly) {
  auto peer = Replica("peer");
  ASSERT_TRUE(peer->StartServing(absl::Now() + kPatience).ok()) << peer->LogTail();
  for (int n = 0; n < 30; ++n) ASSERT_TRUE(Submit(*peer, n).ok());

  auto replica = Replica("killed", BootstrapFrom(peer->Address()));
  for (int delay_ms : {50, 150, 300, 600}) {
    replica->Launch();
    absl::SleepFor(absl::Milliseconds(delay_ms));
    replica->Kill();
  }
  ASSERT_TRUE(replica->StartServing(absl::Now() + kPatience).ok()) << replica->LogTail();
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("killed") + "/recognition.bootstrap"));
  ExpectAllEqual({peer.get(), replica.get()});
}

}  // namespace
}  // namespace stem::integration
