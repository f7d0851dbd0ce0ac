#include "libs/projection/internal/rocksdb_store.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/sha256.h"
#include "libs/projection/internal/keys.h"
#include "libs/projection/internal/rocksdb_batch.h"
#include "libs/projection/internal/rocksdb_status.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_buffer_manager.h"

namespace stem::projection::internal {
namespace {

std::string_view FromSlice(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

bool Supported(rocksdb::CompressionType type) {
  const std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
  return std::find(supported.begin(), supported.end(), type) != supported.end();
}

// The memory budget of a process's stores, whatever their number (four read models in the
// all-in-one, a scratch store per projection while an audit replays): one block cache, and
// the memtables charged to it, flushed early when together they pass their share.
struct ProcessMemory {
  static constexpr size_t kCacheBytes = size_t{256} << 20;
  static constexpr size_t kMemtableBytes = size_t{128} << 20;
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(kCacheBytes);
  std::shared_ptr<rocksdb::WriteBufferManager> memtables =
      std::make_shared<rocksdb::WriteBufferManager>(kMemtableBytes, cache);
};

const ProcessMemory& SharedMemory() {
  // Never destroyed: stores may close during static destruction.
  static const ProcessMemory* const memory = new ProcessMemory();
  return *memory;
}

// A service's read model: mostly point lookups of small values, written in small synced
// batches. Otherwise RocksDB's defaults (64 MB memtables, two background jobs), which suit
// stores of up to a few GB, within the process's shared memory budget.
rocksdb::Options ServiceOptions(const StoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.error_if_exists = options.error_if_exists;
  // A kill -9 leaves the WAL whole (it is in the page cache); a power loss may leave a torn
  // tail when sync is off. Point-in-time recovery replays up to the last whole batch, which
  // holds the positions of exactly the state it replays: an older but consistent store.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  db_options.keep_log_file_num = 4;  // RocksDB's own info LOG files

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = SharedMemory().cache;
  db_options.write_buffer_manager = SharedMemory().memtables;
  // ~1% false positives: a Get of an absent key (a new aggregate, a new command's record)
  // mostly skips reading data blocks.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // The same for the memtable, where a rebuild's misses (a new command id) are looked up.
  db_options.memtable_whole_key_filtering = true;
  db_options.memtable_prefix_bloom_size_ratio = 0.05;
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  // Debian's librocksdb is built with LZ4 and zstd; fall back to none if a build is not.
  db_options.compression =
      Supported(rocksdb::kLZ4Compression) ? rocksdb::kLZ4Compression : rocksdb::kNoCompression;
  if (Supported(rocksdb::kZSTD)) db_options.bottommost_compression = rocksdb::kZSTD;
  return db_options;
}

// The stored positions, read through `iterator` (whose snapshot decides which).
absl::StatusOr<eventlog::Positions> ReadPositions(rocksdb::Iterator& iterator) {
  eventlog::Positions positions;
  for (iterator.Seek(std::string(1, kPositionPrefix)); iterator.Valid(); iterator.Next()) {
    std::string_view raw_key = FromSlice(iterator.key());
    if (raw_key.front() != kPositionPrefix) break;
    std::optional<eventlog::TopicPartition> tp = DecodePositionKey(raw_key);
    std::optional<int64_t> offset = DecodeOffset(FromSlice(iterator.value()));
    if (!tp.has_value() || !offset.has_value()) {
      return absl::DataLossError("unreadable stored position");
    }
    positions[*tp] = *offset;
  }
  if (absl::Status status = FromRocksDb(iterator.status(), "reading positions"); !status.ok()) {
    return status;
  }
  return positions;
}

// The checksum (ProjectionStore::Checksum's definition) and positions of what `read_options`
// see: the store now, or a snapshot.
// The bytes hashed at a time.
constexpr size_t kDigestChunkBytes = 1 << 16;

absl::StatusOr<ProjectionStore::Digest> DigestOf(rocksdb::DB& db,
                                                 rocksdb::ReadOptions read_options) {
  ProjectionStore::Digest digest;
  absl::StatusOr<Sha256> hash = Sha256::Create();
  if (!hash.ok()) return hash.status();
  std::string chunk;
  AppendLengthPrefixed("stem.projection.checksum.v2", chunk);
  read_options.fill_cache = false;  // one pass over everything: keep the hot blocks cached
  std::unique_ptr<rocksdb::Iterator> iterator(db.NewIterator(read_options));
  for (iterator->SeekToFirst(); iterator->Valid(); iterator->Next()) {
    std::string_view raw_key = FromSlice(iterator->key());
    if (raw_key.front() == kPositionPrefix) {
      std::optional<eventlog::TopicPartition> tp = DecodePositionKey(raw_key);
      std::optional<int64_t> offset = DecodeOffset(FromSlice(iterator->value()));
      if (!tp.has_value() || !offset.has_value()) {
        return absl::DataLossError("unreadable stored position");
      }
      digest.positions[*tp] = *offset;
    }
    AppendLengthPrefixed(raw_key, chunk);
    AppendLengthPrefixed(FromSlice(iterator->value()), chunk);
    if (chunk.size() >= kDigestChunkBytes) {
      if (absl::Status status = hash->Update(chunk); !status.ok()) return status;
      chunk.clear();
    }
  }
  if (absl::Status status = FromRocksDb(iterator->status(), "reading for a checksum");
      !status.ok()) {
    return status;
  }
  if (absl::Status status = hash->Update(chunk); !status.ok()) return status;
  absl::StatusOr<std::string> hex = hash->FinishHex();
  if (!hex.ok()) return hex.status();
  digest.checksum = std::move(*hex);
  return digest;
}

class RocksDbSnapshot final : public StoreSnapshot {
 public:
  explicit RocksDbSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {
    options_.snapshot = snapshot_;
  }
  ~RocksDbSnapshot() override { db_->ReleaseSnapshot(snapshot_); }
  RocksDbSnapshot(const RocksDbSnapshot&) = delete;
  RocksDbSnapshot& operator=(const RocksDbSnapshot&) = delete;

  absl::Status ReadPositionsOnce() {
    std::unique_ptr<rocksdb::Iterator> iterator(db_->NewIterator(options_));
    absl::StatusOr<eventlog::Positions> positions = ReadPositions(*iterator);
    if (!positions.ok()) return positions.status();
    positions_ = std::move(*positions);
    return absl::OkStatus();
  }

  const eventlog::Positions& positions() const override { return positions_; }

  absl::StatusOr<ProjectionStore::Digest> TakeDigest() const override {
    return DigestOf(*db_, options_);
  }

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const override {
    std::string value;
    rocksdb::Status status = db_->Get(options_, StateKey(key), &value);
    if (status.IsNotFound()) return std::nullopt;
    if (!status.ok()) return FromRocksDb(status, "reading a snapshot");
    return value;
  }

  absl::Status Scan(std::string_view prefix, const ScanVisitor& visit) const override {
    std::unique_ptr<rocksdb::Iterator> iterator(db_->NewIterator(options_));
    return ScanState(*iterator, prefix, visit);
  }

 private:
  rocksdb::DB* const db_;
  const rocksdb::Snapshot* const snapshot_;
  rocksdb::ReadOptions options_;
  eventlog::Positions positions_;
};

class RocksDbStore final : public ProjectionStore {
 public:
  RocksDbStore(std::unique_ptr<rocksdb::DB> db, std::string path, const StoreOptions& options)
      : db_(std::move(db)),
        path_(std::move(path)),
        sync_(options.sync && options.write_ahead_log),
        write_ahead_log_(options.write_ahead_log),
        min_free_bytes_(options.min_free_bytes) {}

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const override {
    return GetRaw(StateKey(key));
  }

  std::optional<uint64_t> IntProperty(const std::string& name) const override {
    uint64_t value = 0;
    if (!db_->GetIntProperty(name, &value)) return std::nullopt;
    return value;
  }

  absl::Status Scan(std::string_view prefix, const ScanVisitor& visit) const override {
    // An iterator reads from the implicit snapshot taken when it is created.
    std::unique_ptr<rocksdb::Iterator> iterator(db_->NewIterator(rocksdb::ReadOptions()));
    return ScanState(*iterator, prefix, visit);
  }

  std::unique_ptr<Batch> BeginBatch() override {
    return std::make_unique<RocksDbBatch>(this, db_.get());
  }

  absl::Status Commit(std::unique_ptr<Batch> batch,
                      const eventlog::Positions& next_offsets) override {
    auto* ours = dynamic_cast<RocksDbBatch*>(batch.get());
    if (ours == nullptr || ours->owner() != this) {
      return absl::InvalidArgumentError("commit of a batch that this store did not begin");
    }
    // Commits one at a time, so that the check that positions only move forward holds.
    std::lock_guard<std::mutex> lock(commit_mutex_);
    rocksdb::WriteBatch writes = ours->TakeWrites();
    for (const auto& [tp, offset] : next_offsets) {
      std::optional<std::string> key = PositionKey(tp);
      if (!key.has_value() || offset < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("cannot store position ", offset, " of ", eventlog::ToString(tp)));
      }
      absl::StatusOr<std::optional<std::string>> stored = GetRaw(*key);
      if (!stored.ok()) return stored.status();
      if (stored->has_value()) {
        std::optional<int64_t> stored_offset = DecodeOffset(**stored);
        if (!stored_offset.has_value()) {
          return absl::DataLossError(
              absl::StrCat("unreadable stored position of ", eventlog::ToString(tp)));
        }
        if (offset < *stored_offset) {
          return absl::FailedPreconditionError(absl::StrCat("position of ", eventlog::ToString(tp),
                                                            " would move back from ",
                                                            *stored_offset, " to ", offset));
        }
      }
      rocksdb::Status put = writes.Put(*key, EncodeOffset(offset));
      if (!put.ok()) return FromRocksDb(put, "adding a position to a batch");
    }
    if (absl::Status room = CheckFreeSpace(); !room.ok()) return room;
    rocksdb::WriteOptions write_options;
    write_options.sync = sync_;
    write_options.disableWAL = !write_ahead_log_;
    return FromRocksDb(db_->Write(write_options, &writes), "committing a batch");
  }

  absl::Status Resume() override {
    std::lock_guard<std::mutex> lock(commit_mutex_);
    if (absl::Status room = CheckFreeSpace(); !room.ok()) return room;
    return FromRocksDb(db_->Resume(), "resuming writes");
  }

  absl::StatusOr<eventlog::Positions> StoredPositions() const override {
    std::unique_ptr<rocksdb::Iterator> iterator(db_->NewIterator(rocksdb::ReadOptions()));
    return ReadPositions(*iterator);
  }

  absl::StatusOr<std::unique_ptr<StoreSnapshot>> TakeSnapshot() const override {
    auto snapshot = std::make_unique<RocksDbSnapshot>(db_.get());
    if (absl::Status read = snapshot->ReadPositionsOnce(); !read.ok()) return read;
    return std::unique_ptr<StoreSnapshot>(std::move(snapshot));
  }

  absl::Status ScanQuarantined(const std::optional<eventlog::RecordPosition>& after,
                               const QuarantineVisitor& visit) const override {
    std::unique_ptr<rocksdb::Iterator> iterator(db_->NewIterator(rocksdb::ReadOptions()));
    std::string start(1, kQuarantinePrefix);
    if (after.has_value()) {
      std::optional<std::string> key = QuarantineKey(*after);
      if (!key.has_value()) return absl::InvalidArgumentError("not a position in the log");
      start = *key;
    }
    for (iterator->Seek(start); iterator->Valid(); iterator->Next()) {
      std::string_view raw_key = FromSlice(iterator->key());
      if (raw_key.front() != kQuarantinePrefix) break;
      if (after.has_value() && raw_key == start) continue;
      projection::v1::QuarantinedFact fact;
      std::string_view value = FromSlice(iterator->value());
      if (!fact.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        return absl::DataLossError("unreadable record of a quarantined fact");
      }
      if (!visit(fact)) break;
    }
    return FromRocksDb(iterator->status(), "reading quarantined facts");
  }

  absl::StatusOr<Digest> TakeDigest() const override {
    return DigestOf(*db_, rocksdb::ReadOptions());
  }

  absl::StatusOr<std::unique_ptr<StoreSnapshot>> WriteCheckpoint(const std::string& dir) override {
    rocksdb::Checkpoint* raw = nullptr;
    if (absl::Status made =
            FromRocksDb(rocksdb::Checkpoint::Create(db_.get(), &raw), "preparing a checkpoint");
        !made.ok()) {
      return made;
    }
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    // No commit between the checkpoint and the snapshot: the snapshot sees exactly what the
    // checkpoint holds. Commits wait meanwhile (mostly for the flush).
    std::lock_guard<std::mutex> lock(commit_mutex_);
    // 0: flush the memtables first, so that the checkpoint holds no WAL to recover.
    if (absl::Status written = FromRocksDb(checkpoint->CreateCheckpoint(dir, 0),
                                           absl::StrCat("writing a checkpoint to ", dir));
        !written.ok()) {
      return written;
    }
    return TakeSnapshot();
  }

 private:
  absl::StatusOr<std::optional<std::string>> GetRaw(const std::string& raw_key) const {
    std::string value;
    rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), raw_key, &value);
    if (status.IsNotFound()) return std::nullopt;
    if (!status.ok()) return FromRocksDb(status, "reading");
    return value;
  }

  absl::Status CheckFreeSpace() const {
    if (min_free_bytes_ == 0) return absl::OkStatus();
    struct statvfs file_system;
    if (::statvfs(path_.c_str(), &file_system) != 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot read the free space of ", path_, ": ", std::strerror(errno)));
    }
    const uint64_t free_bytes = static_cast<uint64_t>(file_system.f_bavail) * file_system.f_frsize;
    if (free_bytes >= min_free_bytes_) return absl::OkStatus();
    return MakeError(absl::StatusCode::kResourceExhausted, "DISK_FULL",
                     absl::StrCat("the disk of store ", path_, " has ", free_bytes >> 20,
                                  " MiB free, less than the ", min_free_bytes_ >> 20,
                                  " MiB it keeps in reserve"));
  }

  std::unique_ptr<rocksdb::DB> db_;
  const std::string path_;
  const bool sync_;
  const bool write_ahead_log_;
  const uint64_t min_free_bytes_;
  std::mutex commit_mutex_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ProjectionStore>> OpenRocksDbStore(const std::string& path,
                                                                  const StoreOptions& options) {
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(ServiceOptions(options), path, &db);
  if (!status.ok()) return FromRocksDb(status, absl::StrCat("opening ", path));
  return std::make_unique<RocksDbStore>(std::unique_ptr<rocksdb::DB>(db), path, options);
}

}  // namespace stem::projection::internal
