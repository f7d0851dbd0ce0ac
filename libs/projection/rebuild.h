// Rebuilding a projection from the log into a fresh store: the audit compares its checksum
// with the live store's (both caught up to the same positions), and a store that is lost
// or suspected is replaced by one.
#ifndef STEM_LIBS_PROJECTION_REBUILD_H_
#define STEM_LIBS_PROJECTION_REBUILD_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/upcaster.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/projector.h"

namespace stem::projection {

struct RebuildOptions {
  // Larger batches than a live runner's: nobody waits for a rebuild's intermediate state.
  size_t max_batch = 5000;
  const events::UpcasterRegistry* upcasters = nullptr;
  // Sync every commit. Off by default: a rebuild that dies is started again from nothing,
  // so it then writes no WAL either. Turn it on for a store that will go live.
  bool sync = false;
  // Stop exactly here instead of at the log's end (RunnerOptions::stop_at): to compare with
  // a live store at its positions, or to recompute a decision from the inputs it recorded.
  std::optional<eventlog::Positions> stop_at;
};

// Projects every partition of the projector's topics, from the beginning up to the end
// offsets as of the call, into a new store at `directory` (which must not hold a store yet;
// INVALID_ARGUMENT otherwise), and returns that store.
// The same as running a ProjectionRunner without group over a fresh store and calling
// CatchUp. `projector` must not keep state outside the batch it is given.
absl::StatusOr<std::unique_ptr<ProjectionStore>> RebuildInto(const std::string& directory,
                                                             eventlog::EventLog& log,
                                                             Projector& projector,
                                                             const RebuildOptions& options,
                                                             absl::Time deadline);

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_REBUILD_H_
