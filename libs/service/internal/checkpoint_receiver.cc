#include "libs/service/internal/checkpoint_receiver.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/durable_file.h"
#include "libs/common/error.h"
#include "libs/service/store_checkpoint_files.h"

namespace stem::service::internal {
namespace {

constexpr int kMaxFiles = 100000;

absl::Status Invalid(const std::string& why) {
  return MakeError(absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID",
                   "the peer's checkpoint is refused: " + why);
}

absl::Status SystemError(const std::string& what) {
  return MakeError(absl::StatusCode::kInternal, "STORE_FILES",
                   absl::StrCat(what, ": ", std::strerror(errno)));
}

bool IsHexDigest(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

absl::StatusOr<eventlog::Positions> PositionsOf(const ops::v1::StoreCheckpointSeal& seal) {
  eventlog::Positions positions;
  for (const common::v1::LogPosition& position : seal.positions()) {
    if (position.topic().empty() || position.partition() < 0 || position.offset() < 0) {
      return Invalid("a position is not one of a log");
    }
    if (!positions
             .emplace(eventlog::TopicPartition{position.topic(), position.partition()},
                      position.offset())
             .second) {
      return Invalid("a partition has two positions");
    }
  }
  return positions;
}

}  // namespace

CheckpointReceiver::~CheckpointReceiver() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status CheckpointReceiver::Accept(const ops::v1::StreamStoreCheckpointResponse& message) {
  switch (message.part_case()) {
    case ops::v1::StreamStoreCheckpointResponse::kManifest:
      return AcceptManifest(message.manifest());
    case ops::v1::StreamStoreCheckpointResponse::kChunk:
      return AcceptChunk(message.chunk());
    case ops::v1::StreamStoreCheckpointResponse::kSeal:
      return AcceptSeal(message.seal());
    case ops::v1::StreamStoreCheckpointResponse::PART_NOT_SET:
      break;
  }
  return Invalid("a message is neither a manifest, a chunk nor a seal");
}

absl::Status CheckpointReceiver::AcceptManifest(const ops::v1::StoreCheckpointManifest& manifest) {
  if (manifest_.has_value()) return Invalid("it sent a second manifest");
  if (manifest.store_version() != store_version_) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CHECKPOINT_VERSION_MISMATCH",
                     absl::StrCat("the peer's store is of version ", manifest.store_version(),
                                  ", this replica's of ", store_version_));
  }
  if (manifest.files_size() == 0 || manifest.files_size() > kMaxFiles) {
    return Invalid(absl::StrCat("it names ", manifest.files_size(), " files"));
  }
  std::set<std::string> names;
  int64_t total = 0;
  for (const ops::v1::CheckpointFile& file : manifest.files()) {
    if (!IsCheckpointFileName(file.name()) || !names.insert(file.name()).second) {
      return Invalid("a file name is not a plain, distinct file name");
    }
    if (file.size() < 0 || file.size() > max_bytes_ - total) {
      return Invalid(
          absl::StrCat("it is larger than the ", max_bytes_ >> 20, " MiB a bootstrap may take"));
    }
    total += file.size();
  }
  manifest_ = manifest;
  return absl::OkStatus();
}

absl::Status CheckpointReceiver::AcceptSeal(const ops::v1::StoreCheckpointSeal& seal) {
  if (!manifest_.has_value() || seal_.has_value()) {
    return Invalid("a seal came before the manifest, or twice");
  }
  if (!IsHexDigest(seal.checksum())) return Invalid("its checksum is not a SHA-256");
  if (absl::StatusOr<eventlog::Positions> positions = PositionsOf(seal); !positions.ok()) {
    return positions.status();
  }
  if (seal.file_sha256_size() != manifest_->files_size()) {
    return Invalid("its seal does not name one digest per file");
  }
  for (const std::string& digest : seal.file_sha256()) {
    if (!IsHexDigest(digest)) return Invalid("a file's digest is not a SHA-256");
  }
  seal_ = seal;
  return absl::OkStatus();
}

absl::Status CheckpointReceiver::AcceptChunk(const ops::v1::CheckpointChunk& chunk) {
  if (!manifest_.has_value()) return Invalid("a chunk came before the manifest");
  if (seal_.has_value() || digest_.valid()) return Invalid("a chunk came after the last byte");
  if (chunk.file_index() < current_ || chunk.file_index() >= manifest_->files_size()) {
    return Invalid("a chunk names a file out of order");
  }
  while (current_ < chunk.file_index()) {
    if (current_ >= 0) {
      if (absl::Status finished = FinishFile(); !finished.ok()) return finished;
    }
    if (absl::Status started = StartFile(current_ + 1); !started.ok()) return started;
  }
  const int64_t size = static_cast<int64_t>(chunk.data().size());
  if (chunk.offset() != written_ || size == 0 ||
      size > static_cast<int64_t>(kCheckpointChunkBytes) ||
      size > manifest_->files(current_).size() - written_) {
    return Invalid("a chunk is not the next part of its file");
  }
  if (absl::Status hashed = hash_->Update(chunk.data()); !hashed.ok()) return hashed;
  for (const char* data = chunk.data().data(); data < chunk.data().data() + size;) {
    const ssize_t wrote =
        ::write(fd_, data, static_cast<size_t>(chunk.data().data() + size - data));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return SystemError("writing " + manifest_->files(current_).name());
    data += wrote;
  }
  written_ += size;
  bytes_ += size;
  // The last byte: the store is read while the peer is still reading its own.
  if (written_ == manifest_->files(current_).size() && RestAreEmpty()) return CompleteFiles();
  return absl::OkStatus();
}

bool CheckpointReceiver::RestAreEmpty() const {
  for (int next = current_ + 1; next < manifest_->files_size(); ++next) {
    if (manifest_->files(next).size() != 0) return false;
  }
  return true;
}

absl::Status CheckpointReceiver::CompleteFiles() {
  if (current_ >= 0) {
    if (absl::Status finished = FinishFile(); !finished.ok()) return finished;
  }
  // The files after the last chunk's: empty ones (FinishFile refuses any other).
  for (int next = current_ + 1; next < manifest_->files_size(); ++next) {
    if (absl::Status started = StartFile(next); !started.ok()) return started;
    if (absl::Status finished = FinishFile(); !finished.ok()) return finished;
  }
  if (absl::Status synced = SyncDirectory(dir_); !synced.ok()) return synced;
  digest_ = std::async(
      std::launch::async, [dir = dir_]() -> absl::StatusOr<projection::ProjectionStore::Digest> {
        projection::StoreOptions options;
        options.create_if_missing = false;
        options.min_free_bytes = 0;
        auto store = projection::ProjectionStore::Open(dir, options);
        if (!store.ok()) {
          return Invalid("it does not open as a store: " + store.status().ToString());
        }
        auto digest = (*store)->TakeDigest();
        if (!digest.ok()) {
          return Invalid("it cannot be read whole: " + digest.status().ToString());
        }
        return digest;
      });
  return absl::OkStatus();
}

absl::Status CheckpointReceiver::StartFile(int index) {
  const std::string path = dir_ + "/" + manifest_->files(index).name();
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) return SystemError("creating " + path);
  absl::StatusOr<Sha256> hash = Sha256::Create();
  if (!hash.ok()) return hash.status();
  hash_.emplace(*std::move(hash));
  current_ = index;
  written_ = 0;
  return absl::OkStatus();
}

absl::Status CheckpointReceiver::FinishFile() {
  const ops::v1::CheckpointFile& file = manifest_->files(current_);
  if (written_ != file.size()) return Invalid(file.name() + " ended early");
  absl::StatusOr<std::string> digest = hash_->FinishHex();
  if (!digest.ok()) return digest.status();
  file_sha256_.push_back(*std::move(digest));
  if (::fsync(fd_) != 0) return SystemError("syncing " + file.name());
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) return SystemError("closing " + file.name());
  return absl::OkStatus();
}

absl::StatusOr<projection::ProjectionStore::Digest> CheckpointReceiver::Finish() {
  if (!manifest_.has_value() || !seal_.has_value())
    return Invalid("it sent no manifest or no seal");
  if (!digest_.valid()) {
    if (absl::Status completed = CompleteFiles(); !completed.ok()) return completed;
  }
  if (static_cast<int>(file_sha256_.size()) != manifest_->files_size()) {
    return Invalid("not every file was received");
  }
  for (int index = 0; index < manifest_->files_size(); ++index) {
    if (file_sha256_[index] != seal_->file_sha256(index)) {
      return Invalid(manifest_->files(index).name() + " does not have its SHA-256");
    }
  }
  absl::StatusOr<projection::ProjectionStore::Digest> digest = digest_.get();
  if (!digest.ok()) return digest.status();
  absl::StatusOr<eventlog::Positions> positions = PositionsOf(*seal_);
  if (!positions.ok()) return positions.status();
  if (digest->checksum != seal_->checksum() || digest->positions != *positions) {
    return Invalid("the store it holds is not the one its seal describes");
  }
  return digest;
}

}  // namespace stem::service::internal
