#include "tools/cli/checkpoint_commands.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "libs/transparency/checkpoint.h"
#include "libs/transparency/merkle.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "tools/cli/cli11.h"
#include "tools/cli/connection.h"
#include "tools/cli/errors.h"
#include "tools/cli/service_registry.h"

namespace stem::cli {
namespace {

struct Files {
  std::string checkpoint;
  std::string public_key;
};

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream bytes;
  bytes << in.rdbuf();
  *text = bytes.str();
  return true;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

uint64_t Facts(const transparency::Checkpoint& checkpoint) {
  uint64_t facts = 0;
  for (const transparency::TreeHead& tree : checkpoint.trees) facts += tree.size;
  return facts;
}

int Fail(const CommandContext& context, const std::string& message) {
  context.err << "FAILED: " << message << "\n";
  return kExitVerdictFailed;
}

absl::StatusOr<Connection> AuditConnection(const CommandContext& context) {
  const ServiceEntry* audit = FindService("audit");
  return Connect(context.options, context.env, audit->server_env, kDefaultCallTimeout);
}

int SaveCheckpoint(const CommandContext& context, const Files& files) {
  absl::StatusOr<Connection> connection = AuditConnection(context);
  if (!connection.ok()) return ReportUsageError(connection.status(), context.err);
  audit::v1::GetCheckpointResponse response;
  const grpc::Status status = audit::v1::AuditService::NewStub(connection->channel)
                                  ->GetCheckpoint(connection->NewContext(connection->timeout).get(),
                                                  audit::v1::GetCheckpointRequest(), &response);
  if (!status.ok()) return ReportRpcError(status, connection->server, context.err);
  // The key is the auditor's to keep: written once, then every checkpoint must match it.
  std::string public_key;
  if (!files.public_key.empty() && std::filesystem::exists(files.public_key)) {
    if (!ReadFile(files.public_key, &public_key)) {
      return ReportUsageError(absl::NotFoundError("cannot read " + files.public_key), context.err);
    }
  } else {
    public_key = response.public_key_pem();
  }
  absl::StatusOr<transparency::Checkpoint> checkpoint =
      transparency::VerifyCheckpoint(response.checkpoint(), public_key);
  if (!checkpoint.ok()) return Fail(context, std::string(checkpoint.status().message()));
  if (!WriteFile(files.checkpoint, response.checkpoint()) ||
      (!files.public_key.empty() && !std::filesystem::exists(files.public_key) &&
       !WriteFile(files.public_key, public_key))) {
    return ReportUsageError(absl::PermissionDeniedError("cannot write " + files.checkpoint),
                            context.err);
  }
  context.out << "saved the checkpoint of " << checkpoint->origin << " at " << checkpoint->clock
              << ": " << checkpoint->trees.size() << " logs, " << Facts(*checkpoint)
              << " facts, to " << files.checkpoint << "\n";
  return kExitOk;
}

int VerifySavedCheckpoint(const CommandContext& context, const Files& files) {
  std::string saved_text, public_key;
  if (!ReadFile(files.checkpoint, &saved_text) || !ReadFile(files.public_key, &public_key)) {
    return ReportUsageError(
        absl::NotFoundError("cannot read " + files.checkpoint + " or " + files.public_key),
        context.err);
  }
  absl::StatusOr<transparency::Checkpoint> saved =
      transparency::VerifyCheckpoint(saved_text, public_key);
  if (!saved.ok())
    return Fail(context, "the saved checkpoint: " + std::string(saved.status().message()));
  absl::StatusOr<Connection> connection = AuditConnection(context);
  if (!connection.ok()) return ReportUsageError(connection.status(), context.err);
  audit::v1::ProveConsistencyRequest request;
  request.set_checkpoint(saved_text);
  audit::v1::ProveConsistencyResponse response;
  const grpc::Status status =
      audit::v1::AuditService::NewStub(connection->channel)
          ->ProveConsistency(connection->NewContext(connection->timeout).get(), request, &response);
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
      status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    return Fail(context, "the suite cannot prove that its log extends the checkpoint: " +
                             status.error_message());
  }
  if (!status.ok()) return ReportRpcError(status, connection->server, context.err);
  absl::StatusOr<transparency::Checkpoint> now =
      transparency::VerifyCheckpoint(response.checkpoint(), public_key);
  if (!now.ok()) return Fail(context, "today's checkpoint: " + std::string(now.status().message()));
  if (response.logs_size() != static_cast<int>(saved->trees.size())) {
    return Fail(context, "the proof does not cover every log of the checkpoint");
  }
  for (int i = 0; i < response.logs_size(); ++i) {
    const transparency::TreeHead& old_head = saved->trees[i];
    const audit::v1::LogConsistency& proof = response.logs(i);
    const transparency::TreeHead* new_head = nullptr;
    for (const transparency::TreeHead& head : now->trees) {
      if (head.log == old_head.log) new_head = &head;
    }
    const std::vector<std::string> hashes(proof.proof().begin(), proof.proof().end());
    if (new_head == nullptr || proof.log() != old_head.log || proof.old_size() != old_head.size ||
        proof.new_size() != new_head->size ||
        !transparency::VerifyConsistency(old_head.size, new_head->size, old_head.root,
                                         new_head->root, hashes)) {
      return Fail(context, "log " + old_head.log + " does not extend the checkpoint unchanged: " +
                               "its first " + std::to_string(old_head.size) +
                               " facts are not those the checkpoint signed");
    }
  }
  context.out << "OK: the log extends the checkpoint of " << saved->clock << " unchanged ("
              << saved->trees.size() << " logs, " << Facts(*saved) << " facts then, " << Facts(*now)
              << " now at " << now->clock << ")\n";
  return kExitOk;
}

}  // namespace

void InstallCheckpointCommands(CommandTree& tree) {
  const ServiceEntry* audit = FindService("audit");
  CLI::App& group = tree.Group("audit", audit != nullptr ? audit->summary : "Audit");
  auto save_files = std::make_shared<Files>();
  CLI::App* save = group.add_subcommand(
      "save-checkpoint", "Save the log's signed checkpoint to FILE, to keep outside the suite");
  save->add_option("file", save_files->checkpoint, "where to write the checkpoint")->required();
  save->add_option("--public_key", save_files->public_key,
                   "the suite's public key (PEM): checked against when the file exists, written "
                   "there when it does not");
  tree.SetAction(*save, [save_files](const CommandContext& context) {
    return SaveCheckpoint(context, *save_files);
  });
  auto verify_files = std::make_shared<Files>();
  CLI::App* verify = group.add_subcommand(
      "verify-checkpoint",
      "Check that today's log extends a saved checkpoint unchanged (exit 0), or say where it "
      "does not (exit 4)");
  verify->add_option("file", verify_files->checkpoint, "a checkpoint saved by save-checkpoint")
      ->required();
  verify->add_option("--public_key", verify_files->public_key, "the suite's public key (PEM)")
      ->required();
  tree.SetAction(*verify, [verify_files](const CommandContext& context) {
    return VerifySavedCheckpoint(context, *verify_files);
  });
}

}  // namespace stem::cli
