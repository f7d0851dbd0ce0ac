// An authenticator whose credentials are read again while the server runs: a token file
// that an operator edits (a token revoked, one added) or that Kubernetes replaces (a
// Secret volume) takes effect without a restart. Reload() reads the file now (the Host
// calls it on SIGHUP); PollForChange() reads it when its modification time or size moved
// (the Host calls it every few seconds). A file that fails to load - half written, wrong
// mode, a line that is no caller - leaves the credentials in force as they were, and says
// why: a reload never locks every caller out, nor lets one in that the last good file did
// not.
#ifndef STEM_LIBS_RPC_RELOADING_AUTHENTICATOR_H_
#define STEM_LIBS_RPC_RELOADING_AUTHENTICATOR_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "libs/rpc/authenticator.h"

namespace stem::rpc {

class ReloadingTokenAuthenticator final : public Authenticator {
 public:
  // Loads `path` (TokenFileAuthenticator::Load); its error when the first load fails.
  static absl::StatusOr<std::unique_ptr<ReloadingTokenAuthenticator>> Load(std::string path);

  absl::StatusOr<Principal> Authenticate(const grpc::ServerContext& context) const override;

  // OK when the file was read and is now in force; its error otherwise (the previous
  // tokens stay in force).
  absl::Status Reload();
  // Reload() when the file changed since it was last read; OK when it did not.
  absl::Status PollForChange();

 private:
  struct Stamp {
    int64_t modified_ns = -1;
    int64_t size = -1;
    uint64_t inode = 0;
    friend bool operator==(const Stamp&, const Stamp&) = default;
  };
  static Stamp StampOf(const std::string& path);

  ReloadingTokenAuthenticator(std::string path, std::shared_ptr<const Authenticator> current,
                              Stamp stamp)
      : path_(std::move(path)), current_(std::move(current)), stamp_(stamp) {}

  const std::string path_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Authenticator> current_;
  Stamp stamp_;
};

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_RELOADING_AUTHENTICATOR_H_
