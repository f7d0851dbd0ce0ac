#include "libs/service/projection_metrics.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace stem::service {

ProjectionMetrics::ProjectionMetrics(metrics::Registry& registry, std::string projection,
                                     eventlog::EventLog& log)
    : projection_(std::move(projection)),
      log_(log),
      applied_(registry
                   .AddCounter("stem_projection_facts_applied_total",
                               "Facts a live projection applied", {"projection"})
                   .With({projection_})),
      stopped_(registry
                   .AddGauge("stem_projection_stopped",
                             "1 while a live projection is stopped by a fault of the system",
                             {"projection"})
                   .With({projection_})),
      position_(registry.AddGauge("stem_projection_position",
                                  "The next offset a live projection will apply",
                                  {"projection", "topic", "partition"})),
      lag_records_(registry.AddGauge(
          "stem_projection_lag_records",
          "Offsets between a live projection's position and the partition's known end",
          {"projection", "topic", "partition"})),
      lag_seconds_(
          registry.AddGauge("stem_projection_lag_seconds",
                            "How long a live projection has stood behind the partition's known end",
                            {"projection", "topic", "partition"})) {}

void ProjectionMetrics::Applied(size_t facts) { applied_.Increment(static_cast<double>(facts)); }

void ProjectionMetrics::Stopped(bool stopped) { stopped_.Set(stopped ? 1 : 0); }

void ProjectionMetrics::Progressed(const eventlog::Positions& positions) {
  const absl::Time now = absl::Now();
  for (const auto& [partition, position] : positions) {
    std::vector<std::string> labels = {projection_, partition.topic,
                                       std::to_string(partition.partition)};
    position_.With(labels).Set(static_cast<double>(position));
    std::optional<int64_t> end = log_.KnownEnd(partition);
    if (!end.has_value()) continue;
    const int64_t lag = std::max<int64_t>(0, *end - position);
    lag_records_.With(labels).Set(static_cast<double>(lag));
    if (lag == 0) {
      behind_since_.erase(partition);
      lag_seconds_.With(labels).Set(0);
    } else {
      const absl::Time since = behind_since_.try_emplace(partition, now).first->second;
      lag_seconds_.With(std::move(labels)).Set(absl::ToDoubleSeconds(now - since));
    }
  }
}

}  // namespace stem::service
