#include "libs/service/store_bootstrap.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/durable_file.h"
#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "libs/service/internal/checkpoint_receiver.h"
#include "libs/service/internal/store_files.h"
#include "libs/service/store_generations.h"
#include "stem/ops/v1/projection_service.grpc.pb.h"

namespace stem::service {
namespace {

namespace fs = std::filesystem;

// The checkpoint of `peer`, written to and verified in `dir` (empty, existing).
absl::StatusOr<BootstrapResult> ReceiveFrom(const std::string& peer,
                                            const BootstrapOptions& options,
                                            const std::string& name,
                                            const std::string& store_version,
                                            const std::string& dir) {
  if (!options.allow_plaintext_token) {
    if (absl::Status safe = rpc::CheckTokenTransport(
            peer, options.credentials,
            "--bootstrap_tls_cert, --bootstrap_tls_key and --bootstrap_tls_ca");
        !safe.ok()) {
      return safe;
    }
  }
  auto stub = ops::v1::ProjectionService::NewStub(rpc::OpenChannel(peer, options.credentials));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
  rpc::Authorize(context, options.credentials);
  ops::v1::StreamStoreCheckpointRequest request;
  request.set_name(name);
  auto reader = stub->StreamStoreCheckpoint(&context, request);
  internal::CheckpointReceiver receiver(dir, store_version, options.max_bytes);
  ops::v1::StreamStoreCheckpointResponse message;
  absl::Status accepted = absl::OkStatus();
  while (accepted.ok() && reader->Read(&message)) accepted = receiver.Accept(message);
  if (!accepted.ok()) {
    context.TryCancel();
    grpc::Status cancelled = reader->Finish();  // says nothing new: we cancelled it
    return accepted;
  }
  if (absl::Status streamed = rpc::FromGrpcStatus(reader->Finish()); !streamed.ok()) {
    return streamed;
  }
  absl::StatusOr<projection::ProjectionStore::Digest> digest = receiver.Finish();
  if (!digest.ok()) return digest.status();
  return BootstrapResult{peer, *std::move(digest), receiver.bytes(), receiver.files()};
}

}  // namespace

absl::StatusOr<BootstrapResult> BootstrapStore(const BootstrapOptions& options,
                                               const std::string& name,
                                               const std::string& store_version,
                                               const std::string& store_path) {
  std::error_code error;
  if (fs::exists(store_path, error)) {
    return absl::FailedPreconditionError(store_path + " exists: a bootstrap fills a new store");
  }
  const std::string dir = store_path + ".bootstrap";
  std::vector<std::string> failures;
  for (const std::string& peer : options.peers) {
    fs::remove_all(dir, error);
    fs::create_directories(dir, error);
    if (error) return internal::StoreFilesError("cannot prepare " + dir, error);
    absl::StatusOr<BootstrapResult> received = ReceiveFrom(peer, options, name, store_version, dir);
    if (!received.ok()) {
      failures.push_back(absl::StrCat(peer, ": ", received.status().ToString()));
      continue;
    }
    if (absl::Status recorded = RecordVersion(dir, store_version); !recorded.ok()) {
      return recorded;
    }
    fs::rename(dir, store_path, error);
    if (error)
      return internal::StoreFilesError("cannot move the checkpoint to " + store_path, error);
    const fs::path parent = fs::path(store_path).parent_path();
    if (absl::Status synced = SyncDirectory(parent.empty() ? "." : parent.string()); !synced.ok()) {
      return synced;
    }
    return received;
  }
  fs::remove_all(dir, error);
  return MakeError(absl::StatusCode::kUnavailable, "CHECKPOINT_UNAVAILABLE",
                   absl::StrCat("no peer gave a checkpoint of ", name, ": ",
                                failures.empty() ? "no peers" : absl::StrJoin(failures, "; ")));
}

}  // namespace stem::service
