#include "libs/service/service_runtime.h"

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/service/store_generations.h"

namespace stem::service {

std::string StoreVersionOf(const projection::Projector& projector) {
  return absl::StrCat(projector.Version(), "/store-layout-", projection::kStoreLayoutVersion);
}

absl::StatusOr<std::unique_ptr<ServiceRuntime>> ServiceRuntime::Start(
    eventlog::EventLog& log, const clock::Clock& clock, projection::Projector& projector,
    const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules,
    const RuntimeOptions& options) {
  std::unique_ptr<ServiceRuntime> runtime(
      new ServiceRuntime(clock, projector, upcasters, fact_rules));
  // A store of another layout is rebuilt like one of another projector version.
  const std::string version = StoreVersionOf(projector);
  runtime->store_version_ = version;
  absl::StatusOr<StoreLayout> layout = PrepareStores(options.store_path, version);
  if (!layout.ok()) return layout.status();
  auto store = projection::ProjectionStore::Open(layout->building_path, options.store);
  if (!store.ok()) return store.status();
  runtime->store_ = std::move(*store);
  if (absl::Status recorded = RecordVersion(layout->building_path, version); !recorded.ok()) {
    return recorded;
  }
  runtime->serving_ = runtime->store_.get();
  if (layout->rebuilding()) {
    auto retired = projection::ProjectionStore::Open(layout->serving_path, options.store);
    if (!retired.ok()) return retired.status();
    runtime->retired_ = std::move(*retired);
    runtime->serving_ = runtime->retired_.get();
  }
  runtime->store_metrics_ =
      std::make_unique<StoreMetrics>(metrics::ProcessRegistry(), options.name,
                                     [raw = runtime.get()]() -> const projection::ProjectionStore* {
                                       return raw->serving_.load();
                                     });
  projection::RunnerOptions runner = options.runner;
  runner.upcasters = &upcasters;
  auto background =
      BackgroundProjection::Start(log, *runtime->store_, runtime->guard_, runner, options.name);
  if (!background.ok()) return background.status();
  runtime->projection_ = std::move(*background);
  runtime->processor_ = std::make_unique<CommandProcessor>(
      log, *runtime->projection_, *runtime->store_, clock, runtime->factory_, fact_rules);
  if (layout->rebuilding()) {
    runtime->processor_->SetRefusal(WithRetryDelay(
        MakeError(absl::StatusCode::kUnavailable, "PROJECTION_REBUILDING",
                  "the service is rebuilding its state for a new version of its projector; "
                  "queries answer from the previous state meanwhile; retry the command"),
        absl::Seconds(1)));
    runtime->rebuild_ = std::thread(
        [raw = runtime.get(), path = layout->building_path] { raw->FinishRebuild(path); });
  }
  return runtime;
}

ServiceRuntime::~ServiceRuntime() {
  stopping_.Notify();
  if (rebuild_.joinable()) rebuild_.join();
}

void ServiceRuntime::FinishRebuild(std::string building_path) {
  while (!stopping_.HasBeenNotified()) {
    if (!projection_->WaitForAllTopics(absl::Now() + absl::Milliseconds(500)).ok()) {
      stopping_.WaitForNotificationWithTimeout(absl::Milliseconds(100));
      continue;
    }
    // Marked before the switch: a crash after it promotes the store at the next start,
    // a crash before it rebuilds on from where the projection stood.
    if (!MarkRebuilt(building_path).ok()) {
      stopping_.WaitForNotificationWithTimeout(absl::Seconds(1));
      continue;
    }
    serving_ = store_.get();
    processor_->SetRefusal(absl::OkStatus());
    return;
  }
}

}  // namespace stem::service
