// A service instance's projected state in RocksDB, together with the log positions it was
// built from.
//
// The atomic-offset scheme: every batch of applied events is committed in one RocksDB
// WriteBatch (synced WAL) that holds both the state changes and the next offset of every
// partition the batch consumed. A restarted instance reads its positions from the store and
// resumes exactly there, so each event's effect is applied exactly once (the idea of Kafka
// Streams' KIP-892), whatever the moment it was killed.
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

namespace stem::projection {

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
  // Marks an event id as applied; see ProjectionStore::WasApplied.
  virtual void MarkApplied(std::string_view event_id) = 0;
  virtual absl::StatusOr<bool> WasApplied(std::string_view event_id) const = 0;
};

struct StoreOptions {
  // Sync the WAL on every commit. Off only for throw-away stores (a rebuild that is
  // verified and then discarded).
  bool sync = true;
  bool create_if_missing = true;
};

class ProjectionStore : public StateReader {
 public:
  static absl::StatusOr<std::unique_ptr<ProjectionStore>> Open(const std::string& path,
                                                               const StoreOptions& options = {});
  ~ProjectionStore() override = default;

  virtual std::unique_ptr<Batch> BeginBatch() = 0;
  // Writes the batch's state changes, the ids it marked applied and `next_offsets` in one
  // atomic write. Positions not named keep their stored value.
  virtual absl::Status Commit(std::unique_ptr<Batch> batch,
                              const eventlog::Positions& next_offsets) = 0;

  // The stored next offset per partition consumed so far.
  virtual absl::StatusOr<eventlog::Positions> StoredPositions() const = 0;
  virtual absl::StatusOr<bool> WasApplied(std::string_view event_id) const = 0;

  // Hex SHA-256 over every state key and value in key order and over the stored positions
  // and applied ids: equal for equal histories, whatever batching or restarts produced it.
  virtual absl::StatusOr<std::string> Checksum() const = 0;
};

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_PROJECTION_STORE_H_
