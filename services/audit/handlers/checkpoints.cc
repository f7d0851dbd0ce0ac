// GetCheckpoint, ProveConsistency, ProveInclusion: the log's transparency view (log_trees.h),
// signed. The caller trusts none of it: it verifies the signature with the public key it
// was given once, and every proof itself (stem audit verify-checkpoint).
#include "libs/common/error.h"
#include "libs/service/call.h"
#include "services/audit/audit_service.h"
#include "services/audit/log_reading.h"
#include "services/audit/log_trees.h"

namespace stem::audit {
namespace {

using identity::v1::ACTOR_ROLE_AUDITOR;
using identity::v1::ACTOR_ROLE_OFFICER;

struct SignedView {
  LogContents contents;
  LogTrees trees;
  std::string checkpoint;
};

absl::StatusOr<SignedView> ReadSigned(const AuditServiceDeps& deps, absl::Time deadline) {
  if (deps.checkpoint_signer == nullptr || deps.clock == nullptr) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CHECKPOINT_KEY_MISSING",
                     "this process signs no checkpoints: it was started without "
                     "--checkpoint_key_file");
  }
  const service::Topics& topics = deps.topics;
  auto contents = ReadTopics(
      deps.log, {topics.recognition, topics.activity, topics.partnership, topics.subsidy},
      deadline);
  if (!contents.ok()) return contents.status();
  SignedView view{*std::move(contents), LogTrees(), ""};
  view.trees = LogTrees::Build(view.contents.records, view.contents.ends);
  view.checkpoint = deps.checkpoint_signer->Sign(view.trees.Checkpoint(
      deps.checkpoint_origin,
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", deps.clock->Now(), absl::UTCTimeZone())));
  return view;
}

absl::Status NotExtended(const std::string& why) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "CHECKPOINT_NOT_EXTENDED", why);
}

}  // namespace

grpc::Status AuditServiceImpl::GetCheckpoint(grpc::ServerContext* context,
                                             const v1::GetCheckpointRequest* request,
                                             v1::GetCheckpointResponse* response) {
  return service::Serve(deps_.authenticator, context, *request,
                        {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
                        [&](const service::Call&) -> absl::Status {
                          auto run = BeginExpensiveRead("checkpoint", *context);
                          if (!run.ok()) return run.status();
                          auto view = ReadSigned(deps_, (*run)->deadline());
                          if (!view.ok()) return view.status();
                          response->set_checkpoint(view->checkpoint);
                          response->set_public_key_pem(deps_.checkpoint_signer->PublicKeyPem());
                          return absl::OkStatus();
                        });
}

grpc::Status AuditServiceImpl::ProveConsistency(grpc::ServerContext* context,
                                                const v1::ProveConsistencyRequest* request,
                                                v1::ProveConsistencyResponse* response) {
  return service::Serve(deps_.authenticator, context, *request,
                        {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
                        [&](const service::Call&) -> absl::Status {
                          auto run = BeginExpensiveRead("consistency", *context);
                          if (!run.ok()) return run.status();
                          auto view = ReadSigned(deps_, (*run)->deadline());
                          if (!view.ok()) return view.status();
                          // Only this suite's checkpoints: a proof against anything else proves
                          // nothing.
                          auto earlier = transparency::VerifyCheckpoint(
                              request->checkpoint(), deps_.checkpoint_signer->PublicKeyPem());
                          if (!earlier.ok()) return earlier.status();
                          response->set_checkpoint(view->checkpoint);
                          for (const transparency::TreeHead& head : earlier->trees) {
                            auto tree = view->trees.Tree(head.log);
                            if (!tree.ok())
                              return NotExtended(absl::StrCat("log ", head.log, " is gone"));
                            if ((*tree)->size() < head.size) {
                              return NotExtended(absl::StrCat(
                                  "log ", head.log, " holds ", (*tree)->size(),
                                  " facts, fewer than the ", head.size, " of the checkpoint"));
                            }
                            auto proof = (*tree)->ConsistencyProof(head.size, (*tree)->size());
                            if (!proof.ok()) return proof.status();
                            v1::LogConsistency& log = *response->add_logs();
                            log.set_log(head.log);
                            log.set_old_size(head.size);
                            log.set_new_size((*tree)->size());
                            for (std::string& hash : *proof) log.add_proof(std::move(hash));
                          }
                          return absl::OkStatus();
                        });
}

grpc::Status AuditServiceImpl::ProveInclusion(grpc::ServerContext* context,
                                              const v1::ProveInclusionRequest* request,
                                              v1::ProveInclusionResponse* response) {
  return service::Serve(deps_.authenticator, context, *request,
                        {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
                        [&](const service::Call&) -> absl::Status {
                          const eventlog::TopicPartition partition{request->position().topic(),
                                                                   request->position().partition()};
                          auto run = BeginExpensiveRead("inclusion", *context);
                          if (!run.ok()) return run.status();
                          auto view = ReadSigned(deps_, (*run)->deadline());
                          if (!view.ok()) return view.status();
                          auto leaf = view->trees.LeafAt(partition, request->position().offset());
                          if (!leaf.ok()) return leaf.status();
                          const std::string log = LogTrees::LogName(partition);
                          auto tree = view->trees.Tree(log);
                          if (!tree.ok()) return tree.status();
                          auto proof = (*tree)->InclusionProof(leaf->index, (*tree)->size());
                          if (!proof.ok()) return proof.status();
                          response->set_record(view->contents.records[leaf->record].value);
                          response->set_checkpoint(view->checkpoint);
                          response->set_log(log);
                          response->set_leaf_index(leaf->index);
                          response->set_tree_size((*tree)->size());
                          for (std::string& hash : *proof) response->add_proof(std::move(hash));
                          return absl::OkStatus();
                        });
}

}  // namespace stem::audit
