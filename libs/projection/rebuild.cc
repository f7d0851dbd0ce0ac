#include "libs/projection/rebuild.h"

#include <utility>

#include "libs/projection/projection_runner.h"

namespace stem::projection {

absl::StatusOr<std::unique_ptr<ProjectionStore>> RebuildInto(const std::string& directory,
                                                             eventlog::EventLog& log,
                                                             Projector& projector,
                                                             const RebuildOptions& options,
                                                             absl::Time deadline) {
  StoreOptions store_options;
  store_options.sync = options.sync;
  // A rebuild that dies starts again from nothing, so unless it is to go live it needs no
  // WAL: its writes reach disk in memtable flushes, and at close.
  store_options.write_ahead_log = options.sync;
  store_options.error_if_exists = true;
  absl::StatusOr<std::unique_ptr<ProjectionStore>> store =
      ProjectionStore::Open(directory, store_options);
  if (!store.ok()) return store.status();

  RunnerOptions runner_options;  // no group: every partition
  runner_options.max_batch = options.max_batch;
  runner_options.upcasters = options.upcasters;
  runner_options.stop_at = options.stop_at;
  absl::StatusOr<std::unique_ptr<ProjectionRunner>> runner =
      ProjectionRunner::Create(log, **store, projector, runner_options);
  if (!runner.ok()) return runner.status();
  absl::Status caught_up = options.stop_at ? (*runner)->CatchUpTo(*options.stop_at, deadline)
                                           : (*runner)->CatchUp(deadline);
  if (!caught_up.ok()) return caught_up;
  runner->reset();  // the subscription goes before the store it reads positions from
  return store;
}

}  // namespace stem::projection
