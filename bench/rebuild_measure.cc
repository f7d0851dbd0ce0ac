#include "bench/rebuild_measure.h"

#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/projection/projection_runner.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/testing/tally_projector.h"

namespace stem::bench {
namespace {

using projection::testing::TallyProjector;

constexpr absl::Duration kPatience = absl::Minutes(10);

absl::Status Verify(const projection::ProjectionStore& store, const FillResult& fill) {
  absl::StatusOr<std::vector<std::string>> violations = projection::testing::Violations(store);
  if (!violations.ok()) return violations.status();
  if (!violations->empty()) {
    return absl::DataLossError(absl::StrCat("rebuild saw steps out of order: ", violations->at(0)));
  }
  for (const auto& [aggregate, expected] : fill.expected) {
    absl::StatusOr<std::optional<projection::testing::Tally>> tally =
        projection::testing::ReadTally(store, aggregate);
    if (!tally.ok()) return tally.status();
    if (!tally->has_value() || **tally != expected) {
      return absl::DataLossError(absl::StrCat("rebuild has a wrong tally for ", aggregate));
    }
  }
  return absl::OkStatus();
}

// Notes when the first event reaches the projector.
class FirstEventClock : public projection::Projector {
 public:
  FirstEventClock(projection::Projector& projector, const Stopwatch& stopwatch)
      : projector_(projector), stopwatch_(stopwatch) {}

  std::vector<std::string> Topics() const override { return projector_.Topics(); }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override {
    if (!first_.has_value()) first_ = stopwatch_.Elapsed();
    return projector_.Apply(event, record, batch);
  }
  Timing first() const { return first_.value_or(Timing{}); }

 private:
  projection::Projector& projector_;
  const Stopwatch& stopwatch_;
  std::optional<Timing> first_;
};

}  // namespace

absl::StatusOr<Measurement> RunnerRebuild(eventlog::EventLog& log, const std::string& topic,
                                          const FillResult& fill, bool sync, size_t max_batch) {
  stem::testing::TempDir dir;
  TallyProjector tally({topic});
  const absl::Time give_up = absl::Now() + kPatience;
  const Stopwatch stopwatch;
  FirstEventClock projector(tally, stopwatch);
  projection::StoreOptions store_options;
  store_options.sync = sync;
  store_options.write_ahead_log = sync;  // as RebuildInto
  store_options.error_if_exists = true;
  absl::StatusOr<std::unique_ptr<projection::ProjectionStore>> store =
      projection::ProjectionStore::Open(dir.Sub("store"), store_options);
  if (!store.ok()) return store.status();
  projection::RunnerOptions options;
  options.max_batch = max_batch;
  absl::StatusOr<std::unique_ptr<projection::ProjectionRunner>> runner =
      projection::ProjectionRunner::Create(log, **store, projector, options);
  if (!runner.ok()) return runner.status();
  Measurement measurement;
  for (int64_t applied = 0; applied < fill.events;) {
    if (absl::Now() > give_up) return absl::DeadlineExceededError("rebuild too slow");
    absl::StatusOr<size_t> polled = (*runner)->PollOnce(absl::Milliseconds(100));
    if (!polled.ok()) return polled.status();
    applied += static_cast<int64_t>(*polled);
  }
  measurement.to_last = stopwatch.Elapsed();
  measurement.to_first = projector.first();
  if (absl::Status status = (*runner)->CatchUp(give_up); !status.ok()) return status;
  measurement.to_end = stopwatch.Elapsed();
  runner->reset();
  if (absl::Status status = Verify(**store, fill); !status.ok()) return status;
  return measurement;
}

}  // namespace stem::bench
