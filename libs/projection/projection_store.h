// A service instance's projected state in RocksDB, together with the log positions it was
// built from.
//
// The atomic-offset scheme: every batch of applied events is committed in one RocksDB
// WriteBatch (synced WAL) that holds both the state changes and the next offset of every
// partition the batch consumed. A restarted instance reads its positions from the store and
// resumes exactly there, so each event's effect is applied exactly once (the idea of Kafka
// Streams' KIP-892), whatever the moment it was killed.
//
// Layout (one RocksDB column family; the first byte of a key is its namespace, so that one
// WriteBatch covers all of them and one ordered pass sees them in a fixed order):
//   'p' + topic + '\0' + partition (BE32) -> next offset to read (BE64) (positions)
//   'q' + topic + '\0' + partition (BE32)  -> a fact set aside there (QuarantinedFact,
//       + offset (BE64)                       quarantine.proto) (quarantine)
//   's' + key                             -> value (the projector's state)
// (BE: big-endian; LP: see Checksum.) Projectors only ever see the state namespace:
// Get/Scan/Put/Delete take keys without the prefix.
//
// Each record is applied once because the positions say which offsets were applied, not
// because event ids are remembered: a record below the stored position is never applied
// again. A record whose bytes turn up twice in the log (a writer that retried outside its
// transaction, a hand-made log) is two records; the command guard recognises the second
// as a repeat of an attempt it judged already (libs/service/command_guard.h). Layout 1
// also kept every applied event id under 'a'; layout 2 dropped them.
#ifndef STEM_LIBS_PROJECTION_PROJECTION_STORE_H_
#define STEM_LIBS_PROJECTION_PROJECTION_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "stem/projection/v1/quarantine.pb.h"

namespace stem::projection {

// The version of the layout above. A store of another layout is rebuilt from the log when
// its service starts (libs/service/store_generations.h): 2 dropped the applied event ids; 3
// added the command guard's marks of the records it passed over (libs/service/command_guard.h),
// which the fact stream reads.
inline constexpr int kStoreLayoutVersion = 3;

// Visits key/value pairs in key order; return false to stop.
using ScanVisitor = std::function<bool(std::string_view key, std::string_view value)>;

// Read access to projected state.
class StateReader {
 public:
  virtual ~StateReader() = default;
  virtual absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const = 0;
  // Visits the keys that start with `prefix`, in key order.
  virtual absl::Status Scan(std::string_view prefix, const ScanVisitor& visit) const = 0;
};

// The changes of one batch of events. Reads see the batch's own earlier writes, so a
// projector can apply several events of one aggregate in one batch.
class Batch : public StateReader {
 public:
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
  // Undoing what one fact wrote, when it turns out not to apply: RollbackToSavePoint drops
  // every write since the latest SetSavePoint (and that savepoint); PopSavePoint drops the
  // savepoint and keeps the writes. Savepoints nest.
  virtual void SetSavePoint() = 0;
  virtual void RollbackToSavePoint() = 0;
  virtual void PopSavePoint() = 0;
  // The first error of a read from the store beneath the batch: a fact that failed while
  // the store could not be read is not the fact's fault, and must not be set aside.
  virtual absl::Status ReadFault() const = 0;
  // Records that the fact at fact.position() was set aside (quarantine.proto).
  virtual void Quarantine(const projection::v1::QuarantinedFact& fact) = 0;
};

struct StoreOptions {
  // Sync the WAL on every commit. Off for throw-away stores (a rebuild that is verified and
  // then discarded) and, by default, for a service's live stores, which can always catch
  // up from the log (Host's store_sync).
  bool sync = true;
  // Write a WAL at all. Off only for throw-away stores (a rebuild that is started again from
  // nothing when it dies): their batches go to the memtable only, and RocksDB flushes it
  // when the store is closed. Implies no sync.
  bool write_ahead_log = true;
  bool create_if_missing = true;
  // Refuse a directory that already holds a store (a rebuild must start from nothing).
  bool error_if_exists = false;
  // A commit is refused (RESOURCE_EXHAUSTED / DISK_FULL, nothing written) while the file
  // system holds less free space than this: RocksDB itself must never run out (a memtable
  // flush, a compaction, the WAL), since Debian's build aborts on the next write to a file
  // whose write failed. Resume() then waits for the space to return. 0: no reserve.
  uint64_t min_free_bytes = uint64_t{64} << 20;
};

// Get and Scan read committed state, each call from one consistent snapshot. One writer at
// a time: batches are meant to be built and committed one after the other (the runner's
// loop); two batches open at once would each see the store as it was, and the later commit
// would win. All methods are safe to call from several threads.
// The store as it was at one instant: its state, and the positions that state covers. A
// decision that reads it can record those positions, so that it can be recomputed from a
// replay of the log up to exactly there.
class StoreSnapshot : public StateReader {
 public:
  virtual const eventlog::Positions& positions() const = 0;
  // The checksum and positions of the snapshot (ProjectionStore::Checksum).
  struct Digest {
    std::string checksum;
    eventlog::Positions positions;
  };
  virtual absl::StatusOr<Digest> TakeDigest() const = 0;
};

class ProjectionStore : public StateReader {
 public:
  static absl::StatusOr<std::unique_ptr<ProjectionStore>> Open(const std::string& path,
                                                               const StoreOptions& options = {});
  ~ProjectionStore() override = default;

  virtual std::unique_ptr<Batch> BeginBatch() = 0;
  // Writes the batch's state changes and `next_offsets` in one atomic write (synced when
  // StoreOptions::sync). Positions not named keep their stored value. A position never moves back:
  // a smaller offset than the stored one is FAILED_PRECONDITION and nothing of the batch is
  // written. The batch must come from this store's BeginBatch (INVALID_ARGUMENT otherwise).
  virtual absl::Status Commit(std::unique_ptr<Batch> batch,
                              const eventlog::Positions& next_offsets) = 0;

  // After a write failed for the file system's reasons (typically a full disk, after which
  // RocksDB refuses every write): asks the store to take writes again. OK once it does; the
  // error otherwise (the disk is still full: try again later).
  virtual absl::Status Resume() = 0;

  // The stored next offset per partition consumed so far.
  virtual absl::StatusOr<eventlog::Positions> StoredPositions() const = 0;

  // The facts set aside so far, in (topic, partition, offset) order, from just after
  // `after` (nullopt: from the first), until `visit` returns false. DATA_LOSS for a record
  // that is not a QuarantinedFact.
  using QuarantineVisitor = std::function<bool(const projection::v1::QuarantinedFact&)>;
  virtual absl::Status ScanQuarantined(const std::optional<eventlog::RecordPosition>& after,
                                       const QuarantineVisitor& visit) const = 0;

  // Hex SHA-256 over every state key and value in key order and over the stored positions
  // and the facts set aside: equal for equal histories, whatever batching or restarts
  // produced it.
  //
  // Definition (version 2): SHA-256 of LP("stem.projection.checksum.v2") followed by, for
  // every entry of the store in raw key order (so: positions, then the facts set aside,
  // then state; the layout above), LP(raw key) LP(value), where LP(x) is the length of x as an
  // unsigned 64-bit big-endian integer followed by x. Lowercase hex. Taken from one snapshot.
  virtual absl::StatusOr<std::string> Checksum() const;

  // The checksum together with the positions it covers, from the same snapshot: what a
  // running projection holds, to compare with a replay of the log up to those positions.
  using Digest = StoreSnapshot::Digest;
  virtual absl::StatusOr<Digest> TakeDigest() const = 0;

  // Writes a RocksDB checkpoint of the store (after a flush: no WAL to replay) into `dir`,
  // which must not exist, and returns a snapshot of exactly what the checkpoint holds (its
  // digest may be taken while the checkpoint is sent): a new replica starts from it
  // instead of replaying the log (libs/service/store_bootstrap.h). The checkpoint shares
  // the store's immutable files through hard links where it can. Commits wait while the
  // checkpoint is written.
  virtual absl::StatusOr<std::unique_ptr<StoreSnapshot>> WriteCheckpoint(
      const std::string& dir) = 0;

  // A consistent view for a reader that must know what it read (see StoreSnapshot). The
  // snapshot must not outlive the store.
  virtual absl::StatusOr<std::unique_ptr<StoreSnapshot>> TakeSnapshot() const = 0;

  // One of RocksDB's integer properties (e.g. "rocksdb.estimate-live-data-size"), for
  // metrics; nullopt when RocksDB does not know it.
  virtual std::optional<uint64_t> IntProperty(const std::string& name) const = 0;
};

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_PROJECTION_STORE_H_
