// A new replica's store from a checkpoint of a ready peer's, instead of a replay of the
// whole log (docs/ARCHITECTURE.md, "Checkpoint bootstrap"). The receiver trusts nothing it
// is sent: file names, sizes and chunk order are checked as they arrive, every file against
// its SHA-256, and the opened store's own checksum and positions against the manifest;
// only then does the store take its place, and the projection resumes from its positions.
// A peer that cannot give one that holds is skipped; with none left the caller replays.
#ifndef STEM_LIBS_SERVICE_STORE_BOOTSTRAP_H_
#define STEM_LIBS_SERVICE_STORE_BOOTSTRAP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/projection/projection_store.h"
#include "libs/rpc/client_credentials.h"

namespace stem::service {

struct BootstrapOptions {
  // host:port of replicas of the same service (or a Kubernetes Service in front of the
  // ready ones), asked in order.
  std::vector<std::string> peers;
  // An OPERATOR identity (StreamStoreCheckpoint is the operator's).
  rpc::ClientCredentials credentials;
  // Send a bearer token without TLS to peers off loopback: only when the replicas serve in
  // plaintext behind something that encrypts (--insecure_plaintext_listen).
  bool allow_plaintext_token = false;
  // Per peer, for the whole transfer.
  absl::Duration timeout = absl::Minutes(30);
  // A manifest announcing more is refused (it would fill the disk).
  int64_t max_bytes = int64_t{256} << 30;
};

struct BootstrapResult {
  std::string peer;
  projection::ProjectionStore::Digest digest;
  int64_t bytes = 0;
  int64_t files = 0;
};

// Fills `store_path`, which must not exist yet, with the checkpoint of projection `name`
// from the first peer whose checkpoint is of `store_version` and verifies. The transfer
// goes to `store_path`.bootstrap (removed first, and on failure); the rename into place is
// the last step, after every file is synced. UNAVAILABLE with each peer's error when none
// gave one; FAILED_PRECONDITION when `store_path` exists.
absl::StatusOr<BootstrapResult> BootstrapStore(const BootstrapOptions& options,
                                               const std::string& name,
                                               const std::string& store_version,
                                               const std::string& store_path);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_STORE_BOOTSTRAP_H_
