#include "libs/rpc/reloading_authenticator.h"

#include <sys/stat.h>

namespace stem::rpc {

ReloadingTokenAuthenticator::Stamp ReloadingTokenAuthenticator::StampOf(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return Stamp();
  return Stamp{static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
               static_cast<int64_t>(info.st_size), static_cast<uint64_t>(info.st_ino)};
}

absl::StatusOr<std::unique_ptr<ReloadingTokenAuthenticator>> ReloadingTokenAuthenticator::Load(
    std::string path) {
  const Stamp stamp = StampOf(path);
  auto tokens = TokenFileAuthenticator::Load(path);
  if (!tokens.ok()) return tokens.status();
  return std::unique_ptr<ReloadingTokenAuthenticator>(new ReloadingTokenAuthenticator(
      std::move(path), std::shared_ptr<const Authenticator>(std::move(*tokens)), stamp));
}

absl::StatusOr<Principal> ReloadingTokenAuthenticator::Authenticate(
    const grpc::ServerContext& context) const {
  std::shared_ptr<const Authenticator> current;
  {
    std::lock_guard lock(mutex_);
    current = current_;
  }
  return current->Authenticate(context);
}

absl::Status ReloadingTokenAuthenticator::Reload() {
  // The stamp first: a write that lands while the file is read is seen by the next poll.
  const Stamp stamp = StampOf(path_);
  auto tokens = TokenFileAuthenticator::Load(path_);
  std::lock_guard lock(mutex_);
  stamp_ = stamp;
  if (!tokens.ok()) return tokens.status();
  current_ = std::shared_ptr<const Authenticator>(std::move(*tokens));
  return absl::OkStatus();
}

absl::Status ReloadingTokenAuthenticator::PollForChange() {
  {
    std::lock_guard lock(mutex_);
    if (StampOf(path_) == stamp_) return absl::OkStatus();
  }
  return Reload();
}

}  // namespace stem::rpc
