// A new replica's store from a peer's checkpoint, over a real gRPC server, a real embedded
// log and real RocksDB stores: the store it receives is the peer's, byte for byte in what
// the checksum covers; a peer that cannot or may not give one is skipped, and with none
// left nothing is created (the replica then replays).
#include "libs/service/store_bootstrap.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/rpc/testing/test_tokens.h"
#include "libs/service/projection_service.h"
#include "libs/service/testing/service_harness.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::service {
namespace {

class StoreBootstrapTest : public ::testing::Test {
 protected:
  StoreBootstrapTest() : harness_({}), tally_({harness_.topics().activity}) {
    auto exporter = CheckpointExporter::Create(dir_.Sub("export"));
    EXPECT_TRUE(exporter.ok()) << exporter.status();
    exporter_ = *std::move(exporter);
    harness_.StartReplica(
        tally_, [this](ServiceRuntime& runtime, const rpc::Authenticator& authenticator) {
          std::map<std::string, ServiceRuntime*> models = {{"tally", &runtime}};
          return std::make_unique<ProjectionServiceImpl>(models, models, *exporter_, authenticator);
        });
    for (int i = 0; i < 400; ++i) {
      const std::string aggregate = "aggregate-" + std::to_string(i % 23);
      events::testing::v1::SampleStepRecorded step;
      step.set_sequence(harness_.AppendedVersion("tally", aggregate) + 1);
      step.set_amount(i);
      harness_.AppendFact(harness_.topics().activity, "tally", aggregate, step);
    }
    EXPECT_TRUE(harness_.CatchUpAll(absl::Now() + absl::Seconds(30)).ok());
  }

  BootstrapOptions As(const std::string& token, std::vector<std::string> peers) const {
    return {.peers = std::move(peers),
            .credentials = {.token = rpc::testing::TestToken(token), .tls = std::nullopt}};
  }

  std::string version() { return harness_.runtime().store_version(); }

  stem::testing::TempDir dir_;
  testing::ServiceHarness harness_;
  projection::testing::TallyProjector tally_;
  std::unique_ptr<CheckpointExporter> exporter_;
};

TEST_F(StoreBootstrapTest, TheNewStoreIsThePeersAndResumesFromItsPositions) {
  const std::string path = dir_.Sub("new");
  auto result = BootstrapStore(As("operator", {harness_.Address()}), "tally", version(), path);
  ASSERT_TRUE(result.ok()) << result.status();
  auto peer = harness_.runtime().store().TakeDigest();
  ASSERT_TRUE(peer.ok()) << peer.status();
  EXPECT_EQ(result->digest.checksum, peer->checksum);
  EXPECT_EQ(result->digest.positions, peer->positions);
  EXPECT_GT(result->bytes, 0);
  EXPECT_FALSE(std::filesystem::exists(path + ".bootstrap"));

  auto store = projection::ProjectionStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  auto digest = (*store)->TakeDigest();
  ASSERT_TRUE(digest.ok()) << digest.status();
  EXPECT_EQ(digest->checksum, peer->checksum);
  auto tally = projection::testing::ReadTally(**store, "aggregate-0");
  ASSERT_TRUE(tally.ok() && tally->has_value());
  EXPECT_EQ((*tally)->count, 18);  // 400 steps over 23 aggregates: 0..8 get 18
}

TEST_F(StoreBootstrapTest, APeerThatCannotGiveOneIsSkipped) {
  const std::string path = dir_.Sub("new");
  auto result =
      BootstrapStore(As("operator", {"127.0.0.1:1", harness_.Address()}), "tally", version(), path);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->peer, harness_.Address());
}

TEST_F(StoreBootstrapTest, WithoutAPeerThatGivesOneNothingIsCreated) {
  struct Case {
    std::string token;
    std::string name;
    std::string version;
  };
  const std::vector<Case> cases = {
      {"auditor", "tally", version()},            // not an operator
      {"no-such-token", "tally", version()},      // nobody
      {"operator", "activity", version()},        // no such read model
      {"operator", "tally", "0/store-layout-2"},  // another projector version
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.token + " " + c.name + " " + c.version);
    const std::string path = dir_.Sub("new");
    auto result = BootstrapStore(As(c.token, {harness_.Address()}), c.name, c.version, path);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable) << result.status();
    EXPECT_EQ(ReasonOf(result.status()), "CHECKPOINT_UNAVAILABLE");
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path + ".bootstrap"));
  }
}

TEST_F(StoreBootstrapTest, AnExistingStoreIsNeverReplaced) {
  std::filesystem::create_directories(dir_.Sub("existing"));
  auto result = BootstrapStore(As("operator", {harness_.Address()}), "tally", version(),
                               dir_.Sub("existing"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace stem::service
