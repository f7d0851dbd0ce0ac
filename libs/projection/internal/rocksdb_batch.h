// A Batch of the RocksDB store: a write-back overlay of the keys the batch changed, in key
// order, over the committed state, so that reads within the batch see its own writes. A key
// written many times in a batch (an aggregate's record, once per fact) is written to RocksDB
// once, with its last value, and the commit inserts in key order. Savepoints keep an undo
// log of the overlay.
#ifndef STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_BATCH_H_
#define STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_BATCH_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/projection/projection_store.h"
#include "rocksdb/db.h"
#include "rocksdb/iterator.h"
#include "rocksdb/write_batch.h"

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
  void SetSavePoint() override;
  void RollbackToSavePoint() override;
  void PopSavePoint() override;
  absl::Status ReadFault() const override { return read_fault_; }
  void Quarantine(const projection::v1::QuarantinedFact& fact) override;

  const void* owner() const { return owner_; }
  // For the store's Commit, which adds the positions and writes the whole: one write per
  // key the batch changed, in key order.
  rocksdb::WriteBatch TakeWrites();

 private:
  // A raw key's value in the batch; nullopt: deleted in the batch.
  using Writes = std::map<std::string, std::optional<std::string>, std::less<>>;
  // How to undo one write: the key, and what the batch held for it before (nothing: the
  // batch had not written it).
  struct Undo {
    std::string raw_key;
    std::optional<std::optional<std::string>> before;
  };

  absl::StatusOr<std::optional<std::string>> GetRaw(const std::string& raw_key) const;
  void Write(std::string raw_key, std::optional<std::string> value);
  // Keeps the first read error (ReadFault) and returns `status`.
  absl::Status Fault(absl::Status status) const;

  const void* owner_;
  rocksdb::DB* db_;
  Writes writes_;
  // Undo entries since the outermost open savepoint, and where each savepoint begins.
  std::vector<Undo> undo_;
  std::vector<size_t> savepoints_;
  mutable absl::Status read_fault_;
};

}  // namespace stem::projection::internal

#endif  // STEM_LIBS_PROJECTION_INTERNAL_ROCKSDB_BATCH_H_
