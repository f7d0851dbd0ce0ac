// A Batch of the RocksDB store: a WriteBatchWithIndex, so that reads within the batch see
// its own writes on top of the committed state.
#ifndef STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_BATCH_H_
#define STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_BATCH_H_

#include <optional>
#include <string>
#include <string_view>

#include "libs/projection/projection_store.h"
#include "rocksdb/db.h"
#include "rocksdb/iterator.h"
#include "rocksdb/utilities/write_batch_with_index.h"

namespace stem::projection::internal {

// Visits the state entries under `prefix` (a key without its namespace byte) of an
// iterator positioned anywhere; stops when `visit` returns false.
absl::Status ScanState(rocksdb::Iterator& iterator, std::string_view prefix,
                       const ScanVisitor& visit);

class RocksDbBatch final : public Batch {
 public:
  // `owner` identifies the store that may commit this batch; `db` must outlive the batch.
  RocksDbBatch(const void* owner, rocksdb::DB* db);

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const override;
  absl::Status Scan(std::string_view prefix, const ScanVisitor& visit) const override;
  void Put(std::string_view key, std::string_view value) override;
  void Delete(std::string_view key) override;
  void MarkApplied(std::string_view event_id, const eventlog::RecordPosition& applied_at) override;
  absl::StatusOr<bool> WasApplied(std::string_view event_id) const override;
  void SetSavePoint() override;
  void RollbackToSavePoint() override;
  void PopSavePoint() override;
  absl::Status ReadFault() const override { return read_fault_; }
  void Quarantine(const projection::v1::QuarantinedFact& fact) override;

  const void* owner() const { return owner_; }
  // For the store's Commit, which adds the positions and writes the whole.
  rocksdb::WriteBatchWithIndex& writes() { return batch_; }

 private:
  absl::StatusOr<std::optional<std::string>> GetRaw(const std::string& raw_key) const;
  // Keeps the first read error (ReadFault) and returns `status`.
  absl::Status Fault(absl::Status status) const;

  const void* owner_;
  rocksdb::DB* db_;
  // RocksDB's read methods of the index are not const, though they change nothing we see.
  mutable rocksdb::WriteBatchWithIndex batch_;
  mutable absl::Status read_fault_;
};

}  // namespace stem::projection::internal

#endif  // STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_BATCH_H_
