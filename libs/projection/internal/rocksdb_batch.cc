#include "libs/projection/internal/rocksdb_batch.h"

#include <memory>

#include "libs/common/check.h"
#include "libs/projection/internal/keys.h"
#include "libs/projection/internal/rocksdb_status.h"
#include "libs/projection/state_bytes.h"
#include "rocksdb/comparator.h"

namespace stem::projection::internal {
namespace {

std::string_view FromSlice(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

}  // namespace

absl::Status ScanState(rocksdb::Iterator& iterator, std::string_view prefix,
                       const ScanVisitor& visit) {
  const std::string start = StateKey(prefix);
  for (iterator.Seek(start); iterator.Valid(); iterator.Next()) {
    std::string_view raw_key = FromSlice(iterator.key());
    if (raw_key.substr(0, start.size()) != start) break;
    if (!visit(raw_key.substr(1), FromSlice(iterator.value()))) break;
  }
  return FromRocksDb(iterator.status(), "scanning state");
}

RocksDbBatch::RocksDbBatch(const void* owner, rocksdb::DB* db) : owner_(owner), db_(db) {}

absl::StatusOr<std::optional<std::string>> RocksDbBatch::GetRaw(const std::string& raw_key) const {
  if (auto written = writes_.find(raw_key); written != writes_.end()) return written->second;
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), raw_key, &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) return Fault(FromRocksDb(status, "reading within a batch"));
  return value;
}

absl::StatusOr<std::optional<std::string>> RocksDbBatch::Get(std::string_view key) const {
  return GetRaw(StateKey(key));
}

// The committed entries under the prefix merged with the batch's own: a key the batch wrote
// shows its batch value, a key it deleted does not show.
absl::Status RocksDbBatch::Scan(std::string_view prefix, const ScanVisitor& visit) const {
  const std::string start = StateKey(prefix);
  auto under = [&start](std::string_view raw_key) {
    return raw_key.substr(0, start.size()) == start;
  };
  std::unique_ptr<rocksdb::Iterator> iterator(db_->NewIterator(rocksdb::ReadOptions()));
  iterator->Seek(start);
  auto written = writes_.lower_bound(start);
  while (true) {
    const bool from_store = iterator->Valid() && under(FromSlice(iterator->key()));
    const bool from_batch = written != writes_.end() && under(written->first);
    if (!from_store && !from_batch) break;
    if (from_batch && (!from_store || written->first <= FromSlice(iterator->key()))) {
      if (from_store && written->first == FromSlice(iterator->key())) iterator->Next();
      const bool go_on = !written->second.has_value() ||
                         visit(std::string_view(written->first).substr(1), *written->second);
      if (!go_on) break;
      ++written;
    } else {
      if (!visit(FromSlice(iterator->key()).substr(1), FromSlice(iterator->value()))) break;
      iterator->Next();
    }
  }
  return Fault(FromRocksDb(iterator->status(), "scanning state within a batch"));
}

void RocksDbBatch::Write(std::string raw_key, std::optional<std::string> value) {
  auto written = writes_.find(raw_key);
  if (written == writes_.end()) {
    if (!savepoints_.empty()) undo_.push_back({raw_key, std::nullopt});
    writes_.emplace(std::move(raw_key), std::move(value));
    return;
  }
  if (!savepoints_.empty()) undo_.push_back({written->first, std::move(written->second)});
  written->second = std::move(value);
}

void RocksDbBatch::Put(std::string_view key, std::string_view value) {
  Write(StateKey(key), std::string(value));
}

void RocksDbBatch::Delete(std::string_view key) { Write(StateKey(key), std::nullopt); }

void RocksDbBatch::SetSavePoint() { savepoints_.push_back(undo_.size()); }

// A rollback or pop without a savepoint is a bug of the caller.
void RocksDbBatch::RollbackToSavePoint() {
  STEM_CHECK(!savepoints_.empty(), "RollbackToSavePoint after SetSavePoint");
  while (undo_.size() > savepoints_.back()) {
    Undo& undo = undo_.back();
    if (undo.before.has_value()) {
      writes_[undo.raw_key] = std::move(*undo.before);
    } else {
      writes_.erase(undo.raw_key);
    }
    undo_.pop_back();
  }
  savepoints_.pop_back();
}

void RocksDbBatch::PopSavePoint() {
  STEM_CHECK(!savepoints_.empty(), "PopSavePoint after SetSavePoint");
  savepoints_.pop_back();
  // No savepoint is left to roll back to: the writes are the batch's for good.
  if (savepoints_.empty()) undo_.clear();
}

rocksdb::WriteBatch RocksDbBatch::TakeWrites() {
  rocksdb::WriteBatch batch;
  for (const auto& [raw_key, value] : writes_) {
    // Writes into an unbounded in-memory batch cannot fail (max_bytes is 0).
    rocksdb::Status status = value.has_value() ? batch.Put(raw_key, *value) : batch.Delete(raw_key);
    STEM_CHECK(status.ok(), "WriteBatch::Put/Delete");
  }
  writes_.clear();
  undo_.clear();
  savepoints_.clear();
  return batch;
}

void RocksDbBatch::Quarantine(const projection::v1::QuarantinedFact& fact) {
  const eventlog::RecordPosition position{{fact.position().topic(), fact.position().partition()},
                                          fact.position().offset()};
  std::optional<std::string> key = QuarantineKey(position);
  // The runner quarantines only records it read from the log, whose positions encode.
  STEM_CHECK(key.has_value(), "the position of a quarantined fact encodes");
  Write(*key, StateBytes(fact));
}

absl::Status RocksDbBatch::Fault(absl::Status status) const {
  if (!status.ok() && read_fault_.ok()) read_fault_ = status;
  return status;
}

}  // namespace stem::projection::internal
