// The audit's checkpoints (rulebook section 9) over a real embedded log: a signed checkpoint
// of every partition, a consistency proof from an earlier checkpoint to today's, an inclusion
// proof of one fact - each checked as an outside auditor would, with the public key and the
// verifiers of libs/transparency only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "contexts/activity/testing/activity_facts.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/events/upcaster.h"
#include "libs/transparency/merkle.h"
#include "services/audit/audit_service.h"
#include "services/audit/fixed_authenticator.h"

namespace stem::audit {
namespace {

using ::testing::HasSubstr;

class CheckpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::OpenEmbeddedEventLog({.directory = dir_.Sub("log"), .sync = false});
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    ASSERT_TRUE(log_->EnsureTopics(topics_.Specs(2)).ok());
  }

  void AppendFacts(int count) {
    for (int i = 0; i < count; ++i) {
      const std::string key = absl::StrCat("aggregate-", appended_ % 5);
      ASSERT_TRUE(log_->Append({{topics_.recognition, key, absl::StrCat("fact ", appended_++)}},
                               absl::Now() + absl::Seconds(10))
                      .ok());
    }
  }

  std::unique_ptr<AuditServiceImpl> Service(const transparency::CheckpointSigner* signer) {
    AuditServiceDeps deps{*log_,      topics_,
                          upcasters_, suite::SuiteFactRules(),
                          auditor_,   activity::testing::Municipalities(),
                          live_,      dir_.Sub(absl::StrCat("scratch-", ++services_))};
    deps.clock = &clock_;
    deps.checkpoint_signer = signer;
    deps.checkpoint_origin = "stem-academies.vlaio.be/test";
    return std::make_unique<AuditServiceImpl>(std::move(deps));
  }

  stem::testing::TempDir dir_;
  const service::Topics topics_ = service::Topics::WithPrefix("");
  std::unique_ptr<eventlog::EventLog> log_;
  events::UpcasterRegistry upcasters_;
  FixedAuthenticator auditor_{{identity::v1::ACTOR_ROLE_AUDITOR, "auditor"}};
  InProcessProjections live_{{}};
  clock::SystemClock clock_;
  int appended_ = 0;
  int services_ = 0;
  const std::unique_ptr<transparency::CheckpointSigner> signer_ =
      transparency::CheckpointSigner::Generate();
};

TEST_F(CheckpointsTest, ACheckpointAndItsProofsHoldForAnOutsideVerifier) {
  AppendFacts(7);
  std::unique_ptr<AuditServiceImpl> service = Service(signer_.get());
  grpc::ServerContext first_context;
  const v1::GetCheckpointRequest get;
  v1::GetCheckpointResponse first;
  ASSERT_TRUE(service->GetCheckpoint(&first_context, &get, &first).ok());
  const std::string public_key = first.public_key_pem();
  auto earlier = transparency::VerifyCheckpoint(first.checkpoint(), public_key);
  ASSERT_TRUE(earlier.ok()) << earlier.status();
  uint64_t facts = 0;
  for (const transparency::TreeHead& tree : earlier->trees) facts += tree.size;
  EXPECT_EQ(facts, 7U);
  EXPECT_EQ(earlier->trees.size(), 8U) << "four topics of two partitions";

  AppendFacts(6);
  v1::ProveConsistencyRequest request;
  request.set_checkpoint(first.checkpoint());
  grpc::ServerContext context;
  v1::ProveConsistencyResponse proved;
  grpc::Status status = service->ProveConsistency(&context, &request, &proved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  auto now = transparency::VerifyCheckpoint(proved.checkpoint(), public_key);
  ASSERT_TRUE(now.ok()) << now.status();
  ASSERT_EQ(proved.logs_size(), static_cast<int>(earlier->trees.size()));
  for (int i = 0; i < proved.logs_size(); ++i) {
    const v1::LogConsistency& log = proved.logs(i);
    const transparency::TreeHead& old_head = earlier->trees[i];
    const transparency::TreeHead& new_head = now->trees[i];
    ASSERT_EQ(log.log(), old_head.log);
    ASSERT_EQ(new_head.log, old_head.log);
    std::vector<std::string> proof(log.proof().begin(), log.proof().end());
    EXPECT_TRUE(transparency::VerifyConsistency(old_head.size, new_head.size, old_head.root,
                                                new_head.root, proof))
        << log.log();
  }

  // One fact, at its place.
  v1::ProveInclusionRequest inclusion;
  inclusion.mutable_position()->set_topic(topics_.recognition);
  inclusion.mutable_position()->set_partition(eventlog::PartitionForKey("aggregate-0", 2));
  inclusion.mutable_position()->set_offset(0);
  grpc::ServerContext inclusion_context;
  v1::ProveInclusionResponse included;
  status = service->ProveInclusion(&inclusion_context, &inclusion, &included);
  ASSERT_TRUE(status.ok()) << status.error_message();
  auto checkpoint = transparency::VerifyCheckpoint(included.checkpoint(), public_key);
  ASSERT_TRUE(checkpoint.ok());
  std::string root;
  for (const auto& tree : checkpoint->trees) {
    if (tree.log == included.log()) root = tree.root;
  }
  std::vector<std::string> proof(included.proof().begin(), included.proof().end());
  EXPECT_TRUE(transparency::VerifyInclusion(included.leaf_index(), included.tree_size(),
                                            transparency::LeafHash(included.record()), proof,
                                            root));
  EXPECT_THAT(included.record(), HasSubstr("fact "));
}

TEST_F(CheckpointsTest, ACheckpointTheLogDoesNotExtendOrThatAnotherKeySignedIsRefused) {
  AppendFacts(3);
  std::unique_ptr<AuditServiceImpl> service = Service(signer_.get());
  // A checkpoint of more facts than the log holds: facts were removed since.
  transparency::Checkpoint claimed{"stem-academies.vlaio.be/test", "2019-01-07T09:00:00Z", {}};
  claimed.trees.push_back({topics_.recognition + "/0", 99, std::string(32, 'x')});
  v1::ProveConsistencyRequest request;
  request.set_checkpoint(signer_->Sign(claimed));
  grpc::ServerContext context;
  v1::ProveConsistencyResponse response;
  grpc::Status status = service->ProveConsistency(&context, &request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("fewer than the 99 of the checkpoint"));

  request.set_checkpoint(transparency::CheckpointSigner::Generate()->Sign(claimed));
  grpc::ServerContext other_context;
  status = service->ProveConsistency(&other_context, &request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("signature does not hold"));

  request.set_checkpoint("\xff\xfe not a checkpoint");
  grpc::ServerContext garbage_context;
  status = service->ProveConsistency(&garbage_context, &request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CheckpointsTest, WithoutASigningKeyThereAreNoCheckpoints) {
  std::unique_ptr<AuditServiceImpl> service = Service(nullptr);
  grpc::ServerContext context;
  v1::GetCheckpointRequest request;
  v1::GetCheckpointResponse response;
  grpc::Status status = service->GetCheckpoint(&context, &request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("--checkpoint_key_file"));
}

}  // namespace
}  // namespace stem::audit
