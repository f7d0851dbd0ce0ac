// The process the crash test kills: projects the log into the store in small batches of
// random size, with random pauses between them, until it has caught up; then exits 0.
//
//   projection_crash_child <log dir> <store dir> <seed> <die after applies> <max pause us>
//
// With <die after applies> > 0 it SIGKILLs itself inside the projector's Apply of that
// number, i.e. in the middle of a batch that is being built; 0 never.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/projection_runner.h"
#include "libs/projection/testing/tally_projector.h"
#include "tests/crash/crash_scenario.h"
#include "tests/crash/guarded_tally.h"

namespace stem::crash {
namespace {

using projection::Batch;

// Forwards to the tally projector and dies at the chosen application.
class DyingProjector final : public projection::Projector {
 public:
  explicit DyingProjector(int64_t die_after) : die_after_(die_after) {}

  std::vector<std::string> Topics() const override { return tally_.Topics(); }

  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     Batch& batch) override {
    absl::Status status = tally_.Apply(event, record, batch);
    if (++applied_ == die_after_) ::raise(SIGKILL);
    return status;
  }

 private:
  GuardedTally tally_;
  const int64_t die_after_;
  int64_t applied_ = 0;
};

int Fail(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "projection_crash_child: %s: %s\n", what, status.ToString().c_str());
  return kExitError;
}

int CheckViolations(const projection::StateReader& state) {
  absl::StatusOr<std::vector<std::string>> violations = projection::testing::Violations(state);
  if (!violations.ok()) return Fail("reading violations", violations.status());
  for (const std::string& key : *violations) {
    std::fprintf(stderr, "projection_crash_child: violation %s\n", key.c_str());
  }
  return violations->empty() ? kExitCaughtUp : kExitViolation;
}

absl::StatusOr<bool> CaughtUp(eventlog::EventLog& log, const projection::ProjectionStore& store) {
  absl::StatusOr<eventlog::Positions> ends =
      log.EndOffsets(kTopic, absl::Now() + absl::Seconds(10));
  if (!ends.ok()) return ends.status();
  absl::StatusOr<eventlog::Positions> stored = store.StoredPositions();
  if (!stored.ok()) return stored.status();
  for (const auto& [tp, end] : *ends) {
    auto it = stored->find(tp);
    if ((it == stored->end() ? 0 : it->second) < end) return false;
  }
  return true;
}

int Run(const std::string& log_dir, const std::string& store_dir, uint64_t seed, int64_t die_after,
        int64_t max_pause_us) {
  std::mt19937_64 random(seed);
  eventlog::EmbeddedOptions log_options;
  log_options.directory = log_dir;
  log_options.sync = false;  // only the parent appends
  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log =
      eventlog::OpenEmbeddedEventLog(log_options);
  if (!log.ok()) return Fail("opening the log", log.status());
  absl::StatusOr<std::unique_ptr<projection::ProjectionStore>> store =
      projection::ProjectionStore::Open(store_dir);  // synced commits, as in production
  if (!store.ok()) return Fail("opening the store", store.status());
  // What the last run left must already be exact.
  if (int code = CheckViolations(**store); code != kExitCaughtUp) return code;

  DyingProjector projector(die_after);
  std::uniform_int_distribution<size_t> batch_size(1, 50);
  std::uniform_int_distribution<int> polls_per_runner(1, 20);
  std::uniform_int_distribution<int64_t> pause_us(0, max_pause_us);
  while (true) {
    // A new runner now and then: it resumes from the store, as after a graceful restart.
    projection::RunnerOptions options;
    options.max_batch = batch_size(random);
    absl::StatusOr<std::unique_ptr<projection::ProjectionRunner>> runner =
        projection::ProjectionRunner::Create(**log, **store, projector, options);
    if (!runner.ok()) return Fail("creating the runner", runner.status());
    for (int polls = polls_per_runner(random); polls > 0; --polls) {
      absl::StatusOr<size_t> applied = (*runner)->PollOnce(absl::Milliseconds(20));
      if (!applied.ok()) return Fail("polling", applied.status());
      if (*applied == 0) break;  // perhaps caught up: look below
      const int64_t pause = pause_us(random);
      if (pause > 0) std::this_thread::sleep_for(std::chrono::microseconds(pause));
    }
    absl::StatusOr<bool> caught_up = CaughtUp(**log, **store);
    if (!caught_up.ok()) return Fail("comparing positions", caught_up.status());
    if (*caught_up) break;
  }
  return CheckViolations(**store);
}

}  // namespace
}  // namespace stem::crash

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr,
                 "usage: %s <log dir> <store dir> <seed> <die after applies> <max pause us>\n",
                 argv[0]);
    return stem::crash::kExitUsage;
  }
  return stem::crash::Run(argv[1], argv[2], std::strtoull(argv[3], nullptr, 10),
                          std::strtoll(argv[4], nullptr, 10), std::strtoll(argv[5], nullptr, 10));
}
