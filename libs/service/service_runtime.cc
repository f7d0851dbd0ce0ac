#include "libs/service/service_runtime.h"

namespace stem::service {

absl::StatusOr<std::unique_ptr<ServiceRuntime>> ServiceRuntime::Start(
    eventlog::EventLog& log, const clock::Clock& clock, projection::Projector& projector,
    const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules,
    const RuntimeOptions& options) {
  std::unique_ptr<ServiceRuntime> runtime(
      new ServiceRuntime(clock, projector, upcasters, fact_rules));
  auto store = projection::ProjectionStore::Open(options.store_path, options.store);
  if (!store.ok()) return store.status();
  runtime->store_ = std::move(*store);
  projection::RunnerOptions runner = options.runner;
  runner.upcasters = &upcasters;
  auto background = BackgroundProjection::Start(log, *runtime->store_, runtime->guard_, runner);
  if (!background.ok()) return background.status();
  runtime->projection_ = std::move(*background);
  runtime->processor_ = std::make_unique<CommandProcessor>(
      log, *runtime->projection_, *runtime->store_, clock, runtime->factory_, fact_rules);
  return runtime;
}

}  // namespace stem::service
