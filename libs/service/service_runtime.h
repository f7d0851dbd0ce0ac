// Everything one service instance needs to accept commands and answer queries, built in
// the right order: its projection store, the command guard around its projector, the
// background projection, the event factory and the command processor.
//
// A store built by another version of the projector (Projector::Version) is replaced
// blue/green (store_generations.h): queries keep reading it while a fresh store is
// projected beside it from the log, commands are refused meanwhile (UNAVAILABLE /
// PROJECTION_REBUILDING, retryable), and the runtime switches to the fresh store as soon as
// it has caught up.
#ifndef STEM_LIBS_SERVICE_SERVICE_RUNTIME_H_
#define STEM_LIBS_SERVICE_SERVICE_RUNTIME_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "libs/clock/clock.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/event_factory.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/projector.h"
#include "libs/service/background_projection.h"
#include "libs/service/command_guard.h"
#include "libs/service/command_processor.h"
#include "libs/service/store_metrics.h"

namespace stem::service {

struct RuntimeOptions {
  // Names the projection in metrics (projection_metrics.h).
  std::string name = "unnamed";
  // The instance's RocksDB directory, and how it is opened.
  std::string store_path;
  projection::StoreOptions store;
  projection::RunnerOptions runner;
};

// What a store records as the version that built it: the projector's version and the
// store layout (a store of another one is rebuilt).
std::string StoreVersionOf(const projection::Projector& projector);

class ServiceRuntime {
 public:
  // The log, clock, projector, upcasters and fact rules are not owned and must outlive the
  // runtime. The fact rules are checked on every fact a command would append and on every
  // fact the projection reads (command_guard.h).
  static absl::StatusOr<std::unique_ptr<ServiceRuntime>> Start(
      eventlog::EventLog& log, const clock::Clock& clock, projection::Projector& projector,
      const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules,
      const RuntimeOptions& options);

  ~ServiceRuntime();

  CommandProcessor& commands() { return *processor_; }
  // The store queries read: the projection's, or during a rebuild the older store.
  const projection::StateReader& state() const { return *serving_.load(); }
  projection::ProjectionStore& store() { return *serving_.load(); }
  // The projection of the store commands decide on (during a rebuild: the one being built).
  BackgroundProjection& projection() { return *projection_; }
  // While a store of another projector version answers queries.
  bool rebuilding() const { return serving_.load() != store_.get(); }
  const clock::Clock& clock() const { return clock_; }
  // StoreVersionOf its projector.
  const std::string& store_version() const { return store_version_; }

  // Queries are refused (UNAVAILABLE / REPLICA_CATCHING_UP, call.h) between these two: a
  // replica that replays the log would answer with part of the state. A runtime admits
  // queries from its start unless told to hold them (the Host holds them until the
  // projection first caught up with the log, or answers from an older store meanwhile).
  void HoldQueriesUntilCaughtUp() { queries_admitted_ = false; }
  void AdmitQueries() { queries_admitted_ = true; }
  bool queries_admitted() const { return queries_admitted_; }

  // The topic its commands append to, if any: Host::Serve makes the key file's newest fact
  // key current in it (AnnounceFactKey) before it reports SERVING.
  void set_writes_topic(std::string topic) { writes_topic_ = std::move(topic); }
  const std::string& writes_topic() const { return writes_topic_; }

 private:
  ServiceRuntime(const clock::Clock& clock, projection::Projector& projector,
                 const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules)
      : clock_(clock), guard_(projector, fact_rules), factory_(clock, upcasters) {}

  const clock::Clock& clock_;
  GuardedProjector guard_;
  events::EventFactory factory_;
  // Switches queries to store_ once its projection has caught up, and marks it rebuilt.
  void FinishRebuild(std::string building_path);

  std::unique_ptr<projection::ProjectionStore> store_;
  // The store of another projector version, open until the runtime goes (a query may
  // still read it after the switch).
  std::unique_ptr<projection::ProjectionStore> retired_;
  std::atomic<projection::ProjectionStore*> serving_{nullptr};
  std::unique_ptr<BackgroundProjection> projection_;
  std::unique_ptr<CommandProcessor> processor_;
  // Declared after the stores: it goes first, before what it reads.
  std::unique_ptr<StoreMetrics> store_metrics_;
  std::string writes_topic_;
  std::string store_version_;
  std::atomic<bool> queries_admitted_{true};
  absl::Notification stopping_;
  std::thread rebuild_;
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_SERVICE_RUNTIME_H_
