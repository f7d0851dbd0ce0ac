#include "libs/projection/internal/rocksdb_batch.h"

#include <memory>

#include "libs/common/check.h"
#include "libs/projection/internal/keys.h"
#include "libs/projection/internal/rocksdb_status.h"
#include "libs/projection/state_bytes.h"
#include "rocksdb/comparator.h"

namespace stem::projection::internal {
namespace {

rocksdb::Slice ToSlice(std::string_view bytes) { return {bytes.data(), bytes.size()}; }
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

// overwrite_key: the index keeps one entry per key, which the iterator over batch and base
// needs to show each key once.
RocksDbBatch::RocksDbBatch(const void* owner, rocksdb::DB* db)
    : owner_(owner), db_(db), batch_(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true) {}

absl::StatusOr<std::optional<std::string>> RocksDbBatch::GetRaw(const std::string& raw_key) const {
  std::string value;
  rocksdb::Status status = batch_.GetFromBatchAndDB(db_, rocksdb::ReadOptions(), raw_key, &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) return Fault(FromRocksDb(status, "reading within a batch"));
  return value;
}

absl::StatusOr<std::optional<std::string>> RocksDbBatch::Get(std::string_view key) const {
  return GetRaw(StateKey(key));
}

absl::Status RocksDbBatch::Scan(std::string_view prefix, const ScanVisitor& visit) const {
  // The merged iterator owns the base iterator.
  std::unique_ptr<rocksdb::Iterator> iterator(
      batch_.NewIteratorWithBase(db_->NewIterator(rocksdb::ReadOptions())));
  return Fault(ScanState(*iterator, prefix, visit));
}

// Writes into an unbounded in-memory batch cannot fail (max_bytes is 0).
void RocksDbBatch::Put(std::string_view key, std::string_view value) {
  rocksdb::Status status = batch_.Put(StateKey(key), ToSlice(value));
  STEM_CHECK(status.ok(), "WriteBatchWithIndex::Put");
}

void RocksDbBatch::Delete(std::string_view key) {
  rocksdb::Status status = batch_.Delete(StateKey(key));
  STEM_CHECK(status.ok(), "WriteBatchWithIndex::Delete");
}

void RocksDbBatch::MarkApplied(std::string_view event_id,
                               const eventlog::RecordPosition& applied_at) {
  rocksdb::Status status = batch_.Put(AppliedKey(event_id), EncodeRecordPosition(applied_at));
  STEM_CHECK(status.ok(), "WriteBatchWithIndex::Put");
}

// The savepoint calls cannot fail but for a rollback or pop without a savepoint, which is a
// bug of the caller.
void RocksDbBatch::SetSavePoint() { batch_.SetSavePoint(); }

void RocksDbBatch::RollbackToSavePoint() {
  rocksdb::Status status = batch_.RollbackToSavePoint();
  STEM_CHECK(status.ok(), "WriteBatchWithIndex::RollbackToSavePoint after SetSavePoint");
}

void RocksDbBatch::PopSavePoint() {
  rocksdb::Status status = batch_.PopSavePoint();
  STEM_CHECK(status.ok(), "WriteBatchWithIndex::PopSavePoint after SetSavePoint");
}

void RocksDbBatch::Quarantine(const projection::v1::QuarantinedFact& fact) {
  const eventlog::RecordPosition position{{fact.position().topic(), fact.position().partition()},
                                          fact.position().offset()};
  std::optional<std::string> key = QuarantineKey(position);
  // The runner quarantines only records it read from the log, whose positions encode.
  STEM_CHECK(key.has_value(), "the position of a quarantined fact encodes");
  rocksdb::Status status = batch_.Put(*key, StateBytes(fact));
  STEM_CHECK(status.ok(), "WriteBatchWithIndex::Put");
}

absl::Status RocksDbBatch::Fault(absl::Status status) const {
  if (!status.ok() && read_fault_.ok()) read_fault_ = status;
  return status;
}

absl::StatusOr<bool> RocksDbBatch::WasApplied(std::string_view event_id) const {
  absl::StatusOr<std::optional<std::string>> value = GetRaw(AppliedKey(event_id));
  if (!value.ok()) return value.status();
  return value->has_value();
}

}  // namespace stem::projection::internal
