// Kills a projecting process (projection_crash_child) at random points, many times, and
// checks after every death that its store is exact: no event applied twice or skipped, the
// state is what the records below the stored positions give, and its checksum equals that of
// a never-killed store at the same positions. When the child caught up, its checksum equals a
// clean rebuild from the log into a fresh store.
//
// Deterministic given the seed (printed; STEM_CRASH_SEED=<n> replays it) except for where
// the timed kills land. STEM_CRASH_KILLS sets the number of kills (default 60);
// STEM_CRASH_VERBOSE=1 prints a line per run.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/projection_runner.h"
#include "libs/projection/rebuild.h"
#include "libs/projection/testing/tally_projector.h"
#include "tests/crash/crash_model.h"
#include "tests/crash/crash_scenario.h"
#include "tests/crash/guarded_tally.h"
#include "tests/crash/truncated_log.h"

extern char** environ;

namespace stem::crash {
namespace {

using eventlog::Positions;
using projection::ProjectionStore;
using projection::testing::Tally;

constexpr int kInitialEvents = 20000;
// The child pauses up to this long after each poll (one of them per run, chosen by seed), so
// that timed kills land at varied points: inside a batch as well as between batches.
constexpr int64_t kMaxPausesUs[] = {0, 500, 2000};

absl::Time Soon() { return absl::Now() + absl::Seconds(60); }

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

// Without a trailing zero partition: a store has no position for a partition it never read.
Positions NonZero(const Positions& positions) {
  Positions non_zero;
  for (const auto& [tp, offset] : positions) {
    if (offset > 0) non_zero[tp] = offset;
  }
  return non_zero;
}

std::string Describe(const Positions& positions) {
  std::string text;
  for (const auto& [tp, offset] : positions) {
    absl::StrAppend(&text, text.empty() ? "" : ", ", eventlog::ToString(tp), "@", offset);
  }
  return text;
}

struct ChildEnd {
  bool killed = false;
  int exit_code = -1;
};

// A child that runs this long has hung (e.g. never sees itself caught up): it is killed and
// the test fails, rather than waiting for CTest's timeout.
constexpr absl::Duration kHangLimit = absl::Seconds(60);

// Runs the child; SIGKILLs it after `kill_after` unless it ended before.
ChildEnd RunChild(const std::vector<std::string>& args, std::optional<absl::Duration> kill_after) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(STEM_CRASH_CHILD));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, STEM_CRASH_CHILD, nullptr, nullptr, argv.data(), environ);
  EXPECT_EQ(spawned, 0) << "posix_spawn " << STEM_CRASH_CHILD;
  if (spawned != 0) return {};
  int status = 0;
  if (kill_after.has_value()) {
    std::this_thread::sleep_for(absl::ToChronoMicroseconds(*kill_after));
    ::kill(pid, SIGKILL);  // an exited child stays a zombie until waitpid: the pid is ours
    EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  } else {
    const absl::Time give_up = absl::Now() + kHangLimit;
    pid_t waited = 0;
    while ((waited = ::waitpid(pid, &status, WNOHANG)) == 0 && absl::Now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (waited == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "the child ran for " << kHangLimit << " without ending: hung";
      return {};
    }
    EXPECT_EQ(waited, pid);
  }
  ChildEnd end;
  end.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  end.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return end;
}

class ProjectionCrashTest : public ::testing::Test {
 protected:
  std::unique_ptr<eventlog::EventLog> OpenLog() {
    eventlog::EmbeddedOptions options;
    options.directory = dir_.Sub("log");
    options.sync = false;  // the test's own appends: it is not the process that is killed
    absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log =
        eventlog::OpenEmbeddedEventLog(options);
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? *std::move(log) : nullptr;
  }

  std::unique_ptr<ProjectionStore> OpenStore(const std::string& path, bool sync) {
    projection::StoreOptions options;
    options.sync = sync;
    absl::StatusOr<std::unique_ptr<ProjectionStore>> store = ProjectionStore::Open(path, options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // Checks the store the child left; sets `positions` to its positions.
  void VerifyAfterDeath(eventlog::EventLog& log, const ChildEnd& end, std::mt19937_64& random,
                        Positions& positions) {
    std::unique_ptr<ProjectionStore> live = OpenStore(dir_.Sub("store"), true);
    ASSERT_NE(live, nullptr);
    absl::StatusOr<std::vector<std::string>> violations = projection::testing::Violations(*live);
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_TRUE(violations->empty()) << "first: " << violations->front();

    absl::StatusOr<Positions> stored = live->StoredPositions();
    ASSERT_TRUE(stored.ok()) << stored.status();
    positions = *stored;
    absl::StatusOr<Positions> log_ends = log.EndOffsets(kTopic, Soon());
    ASSERT_TRUE(log_ends.ok()) << log_ends.status();
    const Positions ends = NonZero(*log_ends);
    for (const auto& [tp, offset] : positions) {
      EXPECT_LE(offset, ends.count(tp) != 0 ? ends.at(tp) : 0) << eventlog::ToString(tp);
    }
    if (end.exit_code == kExitCaughtUp) {
      EXPECT_EQ(Describe(positions), Describe(ends));
    }

    // The state is exactly what the records below the positions give: positions and state
    // were committed together.
    const std::vector<Tally> expected = model_->Expected(positions);
    for (int aggregate = 0; aggregate < kAggregates; ++aggregate) {
      absl::StatusOr<std::optional<Tally>> tally =
          projection::testing::ReadTally(*live, AggregateId(aggregate));
      ASSERT_TRUE(tally.ok()) << tally.status();
      EXPECT_EQ(tally->value_or(Tally{}), expected[aggregate]) << AggregateId(aggregate);
    }

    // A store never killed, brought to the same positions, has the same checksum.
    absl::StatusOr<std::string> checksum = live->Checksum();
    ASSERT_TRUE(checksum.ok()) << checksum.status();
    {
      std::unique_ptr<eventlog::EventLog> view = TruncatedLog(log, positions);
      projection::RunnerOptions options;
      options.max_batch = std::uniform_int_distribution<size_t>(1, 500)(random);
      absl::StatusOr<std::unique_ptr<projection::ProjectionRunner>> runner =
          projection::ProjectionRunner::Create(*view, *reference_, reference_projector_, options);
      ASSERT_TRUE(runner.ok()) << runner.status();
      absl::Status caught_up = (*runner)->CatchUp(Soon());
      ASSERT_TRUE(caught_up.ok()) << caught_up;
    }
    EXPECT_EQ(Describe(*reference_->StoredPositions()), Describe(positions));
    EXPECT_EQ(*reference_->Checksum(), *checksum) << "at " << Describe(positions);

    if (end.exit_code == kExitCaughtUp) {
      EXPECT_EQ(RebuiltChecksum(log, ends), *checksum);
    }
  }

  // A clean rebuild of the whole log into a fresh store (one per log length).
  std::string RebuiltChecksum(eventlog::EventLog& log, const Positions& ends) {
    auto cached = rebuilt_.find(ends);
    if (cached != rebuilt_.end()) return cached->second;
    GuardedTally projector;
    const std::string path = dir_.Sub(absl::StrCat("rebuild-", rebuilt_.size()));
    absl::StatusOr<std::unique_ptr<ProjectionStore>> rebuilt =
        projection::RebuildInto(path, log, projector, {}, Soon());
    EXPECT_TRUE(rebuilt.ok()) << rebuilt.status();
    if (!rebuilt.ok()) return "";
    std::string checksum = *(*rebuilt)->Checksum();
    rebuilt->reset();
    std::filesystem::remove_all(path);
    rebuilt_[ends] = checksum;
    ++rebuilds_;
    return checksum;
  }

  stem::testing::TempDir dir_;
  std::optional<CrashModel> model_;  // made from the test's seed
  std::unique_ptr<ProjectionStore> reference_;
  GuardedTally reference_projector_;
  std::map<Positions, std::string> rebuilt_;
  int rebuilds_ = 0;
};

TEST_F(ProjectionCrashTest, AKilledProjectionResumesExactly) {
  const uint64_t seed = EnvOr("STEM_CRASH_SEED", std::random_device{}());
  const int target_kills = static_cast<int>(EnvOr("STEM_CRASH_KILLS", 60));
  const bool verbose = EnvOr("STEM_CRASH_VERBOSE", 0) != 0;
  std::cout << "projection crash test: seed " << seed << " (STEM_CRASH_SEED=" << seed
            << " replays it)" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);
  model_.emplace(random());
  const auto started = std::chrono::steady_clock::now();

  {
    std::unique_ptr<eventlog::EventLog> log = OpenLog();
    ASSERT_NE(log, nullptr);
    eventlog::TopicSpec topic;
    topic.name = kTopic;
    topic.partitions = kPartitions;
    ASSERT_TRUE(log->EnsureTopics({topic}).ok());
    ASSERT_TRUE(model_->AppendEvents(*log, kInitialEvents).ok());
  }
  reference_ = OpenStore(dir_.Sub("reference"), false);
  ASSERT_NE(reference_, nullptr);

  int kills = 0, self_kills = 0, caught_up = 0, iterations = 0;
  Positions positions;
  std::uniform_int_distribution<int> percent(0, 99);
  while (kills < target_kills && iterations < 4 * target_kills) {
    ++iterations;
    // Half the deaths come from within the projector, in the middle of a batch, at an
    // application chosen by the seed; the others from a timer, wherever the child is
    // (opening the store, polling, committing, pausing between batches).
    const bool from_within = percent(random) < 50;
    const int64_t die_after =
        from_within ? std::uniform_int_distribution<int64_t>(1, 1500)(random) : 0;
    const absl::Duration kill_after =
        absl::Microseconds(std::uniform_int_distribution<int64_t>(1000, 250000)(random));
    {
      // The log grows between deaths; and a death from within needs work to die in.
      std::unique_ptr<eventlog::EventLog> log = OpenLog();
      ASSERT_NE(log, nullptr);
      int grow = percent(random) < 20 ? std::uniform_int_distribution<int>(100, 800)(random) : 0;
      if (from_within && model_->Pending(positions) < die_after + 1) grow += die_after + 50;
      if (grow > 0) {
        ASSERT_TRUE(model_->AppendEvents(*log, grow).ok());
      }
    }  // the child needs the log's lock
    const std::vector<std::string> args = {
        dir_.Sub("log"), dir_.Sub("store"), std::to_string(random()), std::to_string(die_after),
        std::to_string(kMaxPausesUs[std::uniform_int_distribution<size_t>(0, 2)(random)])};
    const absl::Time child_started = absl::Now();
    const ChildEnd end =
        RunChild(args, from_within ? std::nullopt : std::optional<absl::Duration>(kill_after));
    const absl::Time child_ended = absl::Now();
    ASSERT_TRUE(end.killed || end.exit_code == kExitCaughtUp)
        << "child exit code " << end.exit_code << " (seed " << seed << ")";
    kills += end.killed ? 1 : 0;
    self_kills += end.killed && from_within ? 1 : 0;
    caught_up += end.killed ? 0 : 1;

    std::unique_ptr<eventlog::EventLog> log = OpenLog();
    ASSERT_NE(log, nullptr);
    VerifyAfterDeath(*log, end, random, positions);
    if (HasFailure()) FAIL() << "after run " << iterations << " (seed " << seed << ")";
    if (verbose) {
      std::cout << "run " << iterations << ": "
                << (end.killed ? (from_within ? "killed within" : "killed by timer") : "caught up")
                << ", pending " << model_->Pending(positions) << " of " << model_->events()
                << " (child " << child_ended - child_started << ", checks "
                << absl::Now() - child_ended << ")" << std::endl;
    }
  }
  EXPECT_GE(kills, target_kills);

  // The last run is left to finish: caught up, equal to a clean rebuild, and every event
  // counted once.
  const ChildEnd end = RunChild(
      {dir_.Sub("log"), dir_.Sub("store"), std::to_string(random()), "0", "0"}, std::nullopt);
  ASSERT_EQ(end.exit_code, kExitCaughtUp);
  std::unique_ptr<eventlog::EventLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  rebuilt_.clear();  // a fresh rebuild for the final word
  VerifyAfterDeath(*log, end, random, positions);
  log.reset();
  // VerifyAfterDeath compared the store with the model at the log's end; and that is every
  // event, once.
  std::unique_ptr<ProjectionStore> live = OpenStore(dir_.Sub("store"), true);
  ASSERT_NE(live, nullptr);
  for (int aggregate = 0; aggregate < kAggregates; ++aggregate) {
    absl::StatusOr<std::optional<Tally>> tally =
        projection::testing::ReadTally(*live, AggregateId(aggregate));
    ASSERT_TRUE(tally.ok()) << tally.status();
    const Tally found = tally->value_or(Tally{});
    EXPECT_EQ(found.count, model_->EventsOf(aggregate)) << AggregateId(aggregate);
    EXPECT_EQ(found.last, model_->EventsOf(aggregate)) << AggregateId(aggregate);
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "projection crash test: seed " << seed << ", " << iterations << " runs, " << kills
            << " kills (" << self_kills << " mid-batch from within, " << kills - self_kills
            << " timed), " << caught_up << " runs caught up, " << model_->events() << " events + "
            << model_->duplicates() << " duplicates, " << rebuilds_ << " clean rebuilds compared, "
            << seconds << " s" << std::endl;
}

}  // namespace
}  // namespace stem::crash
