#include "libs/projection/projection_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/rebuild.h"
#include "libs/projection/testing/quarantined.h"
#include "libs/projection/testing/tally_projector.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::projection {
namespace {

using eventlog::Positions;
using eventlog::TopicPartition;
using events::testing::v1::SampleAmountRecorded;
using stem::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ReadTally;
using testing::StepEvent;
using testing::Tally;
using testing::TallyProjector;
using testing::Violations;

constexpr char kTopic[] = "tally.events";

#define ASSERT_OK(expression)                                    \
  do {                                                           \
    const absl::Status status_ = (expression);                   \
    ASSERT_TRUE(status_.ok()) << #expression << ": " << status_; \
  } while (false)

absl::Time Soon() { return absl::Now() + absl::Seconds(30); }

class ProjectionRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eventlog::EmbeddedOptions options;
    options.directory = dir_.Sub("log");
    options.sync = false;
    absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log =
        eventlog::OpenEmbeddedEventLog(options);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    eventlog::TopicSpec topic;
    topic.name = kTopic;
    topic.partitions = 3;
    ASSERT_TRUE(log_->EnsureTopics({topic}).ok());
    OpenStore();
  }

  void OpenStore() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<ProjectionStore>> store =
        ProjectionStore::Open(dir_.Sub("store"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::unique_ptr<ProjectionRunner> MakeRunner(RunnerOptions options = {}) {
    absl::StatusOr<std::unique_ptr<ProjectionRunner>> runner =
        ProjectionRunner::Create(*log_, *store_, projector_, options);
    EXPECT_TRUE(runner.ok()) << runner.status();
    return runner.ok() ? *std::move(runner) : nullptr;
  }

  std::vector<eventlog::RecordPosition> AppendRaw(const std::string& key, std::string value) {
    absl::StatusOr<std::vector<eventlog::RecordPosition>> positions =
        log_->Append({eventlog::OutgoingRecord{kTopic, key, std::move(value)}}, Soon());
    EXPECT_TRUE(positions.ok()) << positions.status();
    return positions.ok() ? *positions : std::vector<eventlog::RecordPosition>{};
  }

  eventlog::RecordPosition Append(const events::v1::EventEnvelope& event) {
    std::vector<eventlog::RecordPosition> positions =
        AppendRaw(event.aggregate_id(), event.SerializeAsString());
    return positions.empty() ? eventlog::RecordPosition{} : positions.front();
  }

  // Steps 1..n of each aggregate, interleaved across aggregates; the amount of step s is s.
  void AppendSteps(const std::vector<std::string>& aggregates, int64_t from, int64_t to) {
    for (int64_t step = from; step <= to; ++step) {
      for (const std::string& aggregate : aggregates) {
        Append(StepEvent(absl::StrCat(aggregate, "-", step), aggregate, step, step));
      }
    }
  }

  Tally TallyOf(const StateReader& state, const std::string& aggregate) {
    absl::StatusOr<std::optional<Tally>> tally = ReadTally(state, aggregate);
    EXPECT_TRUE(tally.ok()) << tally.status();
    return tally.ok() ? tally->value_or(Tally{}) : Tally{};
  }

  std::vector<std::string> ViolationsOf(const StateReader& state) {
    absl::StatusOr<std::vector<std::string>> violations = Violations(state);
    EXPECT_TRUE(violations.ok()) << violations.status();
    return violations.ok() ? *violations : std::vector<std::string>{"<unreadable>"};
  }

  // End offsets of the partitions that hold records (an empty partition has no stored
  // position).
  Positions EndOffsets() {
    absl::StatusOr<Positions> ends = log_->EndOffsets(kTopic, Soon());
    EXPECT_TRUE(ends.ok()) << ends.status();
    Positions non_empty;
    if (ends.ok()) {
      for (const auto& [tp, end] : *ends) {
        if (end > 0) non_empty[tp] = end;
      }
    }
    return non_empty;
  }

  TempDir dir_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<ProjectionStore> store_;
  TallyProjector projector_{{kTopic}};
};

TEST_F(ProjectionRunnerTest, AppliesEveryEventOnceAndInOrder) {
  AppendSteps({"a", "b", "c", "d"}, 1, 20);
  RunnerOptions options;
  options.max_batch = 7;
  auto runner = MakeRunner(options);
  ASSERT_OK(runner->CatchUp(Soon()));

  for (const char* aggregate : {"a", "b", "c", "d"}) {
    EXPECT_EQ(TallyOf(*store_, aggregate), (Tally{.count = 20, .sum = 210, .last = 20}));
  }
  EXPECT_THAT(ViolationsOf(*store_), ElementsAre());
  EXPECT_EQ(*store_->StoredPositions(), EndOffsets());
  EXPECT_EQ(*runner->PollOnce(absl::Milliseconds(10)), 0u);
}

events::v1::EventEnvelope AmountEvent(const std::string& id, int64_t version, int32_t schema,
                                      int64_t euros, int64_t cents) {
  SampleAmountRecorded payload;
  payload.set_amount_euros(euros);
  payload.set_amount_cents(cents);
  events::v1::EventEnvelope event;
  event.set_event_id(id);
  event.set_aggregate_id("amounts");
  event.set_aggregate_version(version);
  event.set_event_type(SampleAmountRecorded::descriptor()->full_name());
  event.set_schema_version(schema);
  event.mutable_payload()->PackFrom(payload);
  return event;
}

// Version 1 -> 2: euros became cents (as in upcaster_test.cc).
absl::Status EurosToCents(events::v1::EventEnvelope& event) {
  SampleAmountRecorded payload;
  if (!event.payload().UnpackTo(&payload)) return absl::DataLossError("unreadable payload");
  payload.set_amount_cents(payload.amount_euros() * 100);
  payload.set_amount_euros(0);
  event.mutable_payload()->PackFrom(payload);
  return absl::OkStatus();
}

TEST_F(ProjectionRunnerTest, UpcastsEventsOfOlderSchemaVersions) {
  Append(AmountEvent("old", 1, 1, 12, 0));
  Append(AmountEvent("new", 2, 2, 0, 50));
  events::UpcasterRegistry upcasters;
  upcasters.Register(SampleAmountRecorded::descriptor()->full_name(), 1, EurosToCents);
  RunnerOptions options;
  options.upcasters = &upcasters;
  auto runner = MakeRunner(options);
  ASSERT_OK(runner->CatchUp(Soon()));
  EXPECT_EQ(TallyOf(*store_, "amounts"), (Tally{.count = 2, .sum = 1250, .last = 2}));
}

// A fact nobody can apply never stops a projection (rulebook section 9): it is set aside
// with what it wrote rolled back, and the facts after it are applied.
TEST_F(ProjectionRunnerTest, AFactTheProjectorRefusesIsSetAsideAndTheRunnerGoesOn) {
  Append(StepEvent("e1", "amounts", 1, 5));
  Append(AmountEvent("old", 2, 1, 12, 0));  // no upcaster: the projector refuses version 1
  Append(StepEvent("e3", "amounts", 2, 7));
  auto runner = MakeRunner();
  ASSERT_OK(runner->CatchUp(Soon()));
  EXPECT_EQ(TallyOf(*store_, "amounts"), (Tally{.count = 2, .sum = 12, .last = 2}));
  const std::vector<v1::QuarantinedFact> set_aside = testing::Quarantined(*store_);
  ASSERT_EQ(set_aside.size(), 1u);
  EXPECT_EQ(set_aside[0].event_id(), "old");
  EXPECT_EQ(set_aside[0].reason(), v1::QUARANTINE_REASON_NOT_APPLICABLE);
  EXPECT_EQ(set_aside[0].position().offset(), 1);
  EXPECT_THAT(set_aside[0].detail(), HasSubstr("not upcast"));
  // A replay sets the same fact aside the same way: the stores are equal.
  const std::string live = *store_->Checksum();
  store_.reset();
  TallyProjector fresh_projector({kTopic});
  auto rebuilt = RebuildInto(dir_.Sub("rebuilt"), *log_, fresh_projector, RebuildOptions{}, Soon());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(*(*rebuilt)->Checksum(), live);
}

TEST_F(ProjectionRunnerTest, AFactOfAnUnknownSchemaVersionIsSetAside) {
  Append(AmountEvent("future", 1, 1, 0, 5));
  events::v1::EventEnvelope newer = AmountEvent("newer", 2, 2, 0, 50);
  newer.set_schema_version(99);
  Append(newer);
  events::UpcasterRegistry upcasters;
  upcasters.Register(SampleAmountRecorded::descriptor()->full_name(), 1, EurosToCents);
  RunnerOptions options;
  options.upcasters = &upcasters;
  auto runner = MakeRunner(options);
  ASSERT_OK(runner->CatchUp(Soon()));
  const std::vector<v1::QuarantinedFact> set_aside = testing::Quarantined(*store_);
  ASSERT_EQ(set_aside.size(), 1u);
  EXPECT_EQ(set_aside[0].event_id(), "newer");
  EXPECT_EQ(set_aside[0].reason(), v1::QUARANTINE_REASON_SCHEMA_UNKNOWN);
}

class GarbageRecordTest : public ProjectionRunnerTest,
                          public ::testing::WithParamInterface<std::string> {};

TEST_P(GarbageRecordTest, IsSetAsideNamingTheRecordAndTheRunnerGoesOn) {
  Append(StepEvent("e1", "a", 1, 1));
  const eventlog::RecordPosition garbage = AppendRaw("a", GetParam()).at(0);
  Append(StepEvent("e2", "a", 2, 2));
  RunnerOptions options;
  options.max_batch = 1;

  for (int restart = 0; restart < 2; ++restart) {
    auto runner = MakeRunner(options);
    ASSERT_OK(runner->CatchUp(Soon()));
    EXPECT_EQ(TallyOf(*store_, "a"), (Tally{.count = 2, .sum = 3, .last = 2}));
    const std::vector<v1::QuarantinedFact> set_aside = testing::Quarantined(*store_);
    ASSERT_EQ(set_aside.size(), 1u);
    EXPECT_EQ(set_aside[0].reason(), v1::QUARANTINE_REASON_FACT_UNREADABLE);
    EXPECT_EQ(set_aside[0].position().topic(), garbage.topic_partition.topic);
    EXPECT_EQ(set_aside[0].position().partition(), garbage.topic_partition.partition);
    EXPECT_EQ(set_aside[0].position().offset(), garbage.offset);
    EXPECT_TRUE(set_aside[0].event_id().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Values, GarbageRecordTest,
                         ::testing::Values(std::string("\xff\xfe not a protobuf"),
                                           std::string()));  // parses, but has no event id

// A store that applied facts its log no longer holds (the log was repaired or replaced)
// would skip the new facts written at those offsets: the runner refuses to start on it.
TEST_F(ProjectionRunnerTest, AStoreAheadOfItsLogIsRefusedAtStart) {
  AppendSteps({"a", "b", "c"}, 1, 4);
  {
    std::unique_ptr<ProjectionRunner> runner = MakeRunner();
    ASSERT_NE(runner, nullptr);
    ASSERT_OK(runner->CatchUp(Soon()));
  }
  log_.reset();
  std::filesystem::remove_all(dir_.Sub("log"));
  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log =
      eventlog::OpenEmbeddedEventLog({.directory = dir_.Sub("log"), .sync = false});
  ASSERT_TRUE(log.ok()) << log.status();
  log_ = *std::move(log);
  eventlog::TopicSpec topic;
  topic.name = kTopic;
  topic.partitions = 3;
  ASSERT_OK(log_->EnsureTopics({topic}));
  AppendSteps({"a", "b", "c"}, 1, 1);

  absl::StatusOr<std::unique_ptr<ProjectionRunner>> runner =
      ProjectionRunner::Create(*log_, *store_, projector_, {});
  EXPECT_EQ(runner.status().code(), absl::StatusCode::kDataLoss) << runner.status();
  EXPECT_EQ(ReasonOf(runner.status()), "STORE_AHEAD_OF_LOG");
  EXPECT_THAT(runner.status().message(), HasSubstr("but the log ends at "));
}

TEST_F(ProjectionRunnerTest, ARestartedRunnerResumesFromTheStore) {
  AppendSteps({"a", "b"}, 1, 10);
  RunnerOptions options;
  options.max_batch = 3;
  {
    auto runner = MakeRunner(options);
    absl::StatusOr<size_t> applied = runner->PollOnce(absl::Seconds(5));
    ASSERT_TRUE(applied.ok()) << applied.status();
    EXPECT_GE(*applied, 1u);
    EXPECT_LE(*applied, 3u);
  }
  OpenStore();  // as a restarted process would
  AppendSteps({"a", "b"}, 11, 15);
  auto runner = MakeRunner(options);
  ASSERT_OK(runner->CatchUp(Soon()));
  EXPECT_EQ(TallyOf(*store_, "a"), (Tally{.count = 15, .sum = 120, .last = 15}));
  EXPECT_EQ(TallyOf(*store_, "b"), (Tally{.count = 15, .sum = 120, .last = 15}));
  EXPECT_THAT(ViolationsOf(*store_), ElementsAre());
}

TEST_F(ProjectionRunnerTest, CatchUpToReachesItsTargetsAndIgnoresOtherTopics) {
  AppendSteps({"a", "b", "c"}, 1, 5);
  const eventlog::RecordPosition own = Append(StepEvent("b-6", "b", 6, 6));
  auto runner = MakeRunner();
  const Positions targets = {{own.topic_partition, own.offset + 1},
                             {TopicPartition{"other.events", 0}, 1000}};
  ASSERT_OK(runner->CatchUpTo(targets, Soon()));
  EXPECT_GE(store_->StoredPositions()->at(own.topic_partition), own.offset + 1);
  EXPECT_EQ(TallyOf(*store_, "b").last, 6);
}

TEST_F(ProjectionRunnerTest, CatchUpToAnUnreachableTargetExceedsTheDeadline) {
  AppendSteps({"a"}, 1, 3);
  const TopicPartition tp{kTopic, eventlog::PartitionForKey("a", 3)};
  auto runner = MakeRunner();
  absl::Status status = runner->CatchUpTo({{tp, 1000}}, absl::Now() + absl::Milliseconds(300));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  // What could be applied was.
  EXPECT_EQ(TallyOf(*store_, "a").count, 3);
}

TEST_F(ProjectionRunnerTest, CatchUpOnAnEmptyLogSucceeds) {
  auto runner = MakeRunner();
  ASSERT_OK(runner->CatchUp(Soon()));
  EXPECT_TRUE(store_->StoredPositions()->empty());
  absl::StatusOr<std::unique_ptr<ProjectionStore>> empty = ProjectionStore::Open(dir_.Sub("empty"));
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(*store_->Checksum(), *(*empty)->Checksum());
}

TEST_F(ProjectionRunnerTest, AGroupMemberCatchesUpOnItsPartitions) {
  AppendSteps({"a", "b", "c", "d"}, 1, 4);
  RunnerOptions options;
  options.group_id = "tally-group";
  auto runner = MakeRunner(options);
  for (int polls = 0; polls < 100 && runner->Assignment().empty(); ++polls) {
    ASSERT_TRUE(runner->PollOnce(absl::Milliseconds(100)).ok());
  }
  ASSERT_EQ(runner->Assignment().size(), 3u);  // the only member gets every partition
  ASSERT_OK(runner->CatchUp(Soon()));
  for (const char* aggregate : {"a", "b", "c", "d"})
    EXPECT_EQ(TallyOf(*store_, aggregate).count, 4);
}

TEST_F(ProjectionRunnerTest, ARebuildHasTheLiveChecksum) {
  AppendSteps({"a", "b", "c"}, 1, 30);
  Append(StepEvent("a-1", "a", 1, 1));  // a duplicate
  RunnerOptions options;
  options.max_batch = 1;
  {
    auto runner = MakeRunner(options);
    Positions halfway = EndOffsets();
    for (auto& [tp, end] : halfway) end /= 2;
    ASSERT_OK(runner->CatchUpTo(halfway, Soon()));
  }
  options.max_batch = 4;
  auto runner = MakeRunner(options);
  ASSERT_OK(runner->CatchUp(Soon()));

  TallyProjector fresh_projector({kTopic});
  absl::StatusOr<std::unique_ptr<ProjectionStore>> rebuilt =
      RebuildInto(dir_.Sub("rebuilt"), *log_, fresh_projector, RebuildOptions{}, Soon());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(*(*rebuilt)->Checksum(), *store_->Checksum());
  EXPECT_EQ(*(*rebuilt)->StoredPositions(), EndOffsets());

  // A rebuild starts from nothing.
  rebuilt->reset();
  EXPECT_FALSE(
      RebuildInto(dir_.Sub("rebuilt"), *log_, fresh_projector, RebuildOptions{}, Soon()).ok());
}

// A replay that stops where a live store stood (say, the instant a decision read its
// inputs) has that store's checksum, however far the log has grown since.
TEST_F(ProjectionRunnerTest, ARebuildStopsExactlyWhereItIsTold) {
  AppendSteps({"a", "b", "c"}, 1, 20);
  auto runner = MakeRunner({});
  ASSERT_OK(runner->CatchUp(Soon()));
  const Positions then = *store_->StoredPositions();
  const std::string checksum_then = *store_->Checksum();
  AppendSteps({"a", "b", "c"}, 21, 30);

  TallyProjector fresh_projector({kTopic});
  RebuildOptions options;
  options.max_batch = 7;
  options.stop_at = then;
  auto rebuilt = RebuildInto(dir_.Sub("rebuilt"), *log_, fresh_projector, options, Soon());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(*(*rebuilt)->StoredPositions(), then);
  EXPECT_EQ(*(*rebuilt)->Checksum(), checksum_then);
  EXPECT_EQ(TallyOf(**rebuilt, "a").count, 20);
}

}  // namespace
}  // namespace stem::projection
