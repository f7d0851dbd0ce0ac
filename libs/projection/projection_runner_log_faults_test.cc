// The runner over logs that behave as the embedded log never does but Kafka may: offsets
// with gaps (transaction markers), and a Poll that fails. Both are views over a real
// embedded log that change only what is named.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/eventlog/testing/forwarding_log.h"
#include "libs/projection/projection_runner.h"
#include "libs/projection/testing/tally_projector.h"

namespace stem::projection {
namespace {

using eventlog::Positions;
using eventlog::Record;
using eventlog::TopicPartition;
using stem::testing::TempDir;
using testing::ReadTally;
using testing::StepEvent;
using testing::Tally;
using testing::TallyProjector;

constexpr char kTopic[] = "faults.events";

absl::Time Soon() { return absl::Now() + absl::Seconds(30); }

// Record o of the real log is record 2o here, and 2o + 1 holds a marker that is no record:
// as if every record were a transaction of its own.
int64_t Spread(int64_t offset) { return 2 * offset; }
int64_t Unspread(int64_t offset) { return (offset + 1) / 2; }  // the next record at or after

Positions Map(Positions positions, int64_t (*f)(int64_t)) {
  for (auto& [tp, offset] : positions) offset = f(offset);
  return positions;
}

class SpreadListener final : public eventlog::AssignmentListener {
 public:
  explicit SpreadListener(eventlog::AssignmentListener* inner) : inner_(inner) {}
  absl::StatusOr<Positions> OnAssigned(const std::vector<TopicPartition>& partitions) override {
    absl::StatusOr<Positions> positions = inner_->OnAssigned(partitions);
    if (!positions.ok()) return positions;
    return Map(*std::move(positions), Unspread);
  }
  void OnRevoked(const std::vector<TopicPartition>& partitions) override {
    inner_->OnRevoked(partitions);
  }

 private:
  eventlog::AssignmentListener* inner_;
};

class FaultySubscription final : public eventlog::Subscription {
 public:
  FaultySubscription(std::unique_ptr<eventlog::Subscription> inner,
                     std::unique_ptr<SpreadListener> listener, bool gaps, int* fail_polls)
      : inner_(std::move(inner)),
        listener_(std::move(listener)),
        gaps_(gaps),
        fail_polls_(fail_polls) {}

  absl::StatusOr<std::vector<Record>> Poll(absl::Duration timeout, size_t max_records) override {
    absl::StatusOr<std::vector<Record>> records = inner_->Poll(timeout, max_records);
    if (!records.ok()) return records;
    // Records were consumed, then the poll fails: they must not be lost.
    if (!records->empty() && *fail_polls_ > 0) {
      --*fail_polls_;
      return absl::UnavailableError("injected: the broker went away");
    }
    if (gaps_) {
      for (Record& record : *records) record.offset = Spread(record.offset);
    }
    return records;
  }
  std::vector<TopicPartition> Assignment() const override { return inner_->Assignment(); }
  absl::StatusOr<Positions> ReadPositions() const override {
    absl::StatusOr<Positions> positions = inner_->ReadPositions();
    if (!positions.ok() || !gaps_) return positions;
    return Map(*std::move(positions), Spread);  // past the marker of the last record read
  }
  void ReportProgress(const Positions& next_offsets) override {
    inner_->ReportProgress(gaps_ ? Map(next_offsets, Unspread) : next_offsets);
  }

 private:
  std::unique_ptr<eventlog::Subscription> inner_;
  std::unique_ptr<SpreadListener> listener_;
  const bool gaps_;
  int* fail_polls_;
};

class FaultyLog final : public eventlog::testing::ForwardingLog {
 public:
  FaultyLog(eventlog::EventLog& inner, bool gaps) : ForwardingLog(inner), gaps_(gaps) {}

  void FailPolls(int count) { fail_polls_ = count; }

  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) override {
    absl::StatusOr<Positions> ends = ForwardingLog::EndOffsets(topic, deadline);
    if (!ends.ok() || !gaps_) return ends;
    return Map(*std::move(ends), Spread);  // the last record's marker counts
  }
  absl::StatusOr<std::unique_ptr<eventlog::Subscription>> Subscribe(
      const eventlog::SubscriptionOptions& options) override {
    eventlog::SubscriptionOptions inner_options = options;
    auto listener = std::make_unique<SpreadListener>(options.listener);
    if (gaps_) inner_options.listener = listener.get();
    absl::StatusOr<std::unique_ptr<eventlog::Subscription>> inner =
        ForwardingLog::Subscribe(inner_options);
    if (!inner.ok()) return inner;
    return std::make_unique<FaultySubscription>(*std::move(inner), std::move(listener), gaps_,
                                                &fail_polls_);
  }

 private:
  const bool gaps_;
  int fail_polls_ = 0;
};

class RunnerLogFaultsTest : public ::testing::Test {
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
    topic.partitions = 2;
    ASSERT_TRUE(log_->EnsureTopics({topic}).ok());
    absl::StatusOr<std::unique_ptr<ProjectionStore>> store =
        ProjectionStore::Open(dir_.Sub("store"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  void AppendSteps(const std::string& aggregate, int64_t from, int64_t to) {
    for (int64_t step = from; step <= to; ++step) {
      auto event = StepEvent(absl::StrCat(aggregate, "-", step), aggregate, step, step);
      ASSERT_TRUE(log_->Append({{kTopic, aggregate, event.SerializeAsString()}}, Soon()).ok());
    }
  }

  Tally TallyOf(const std::string& aggregate) {
    absl::StatusOr<std::optional<Tally>> tally = ReadTally(*store_, aggregate);
    EXPECT_TRUE(tally.ok()) << tally.status();
    return tally.ok() ? tally->value_or(Tally{}) : Tally{};
  }

  TempDir dir_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<ProjectionStore> store_;
  TallyProjector projector_{{kTopic}};
};

TEST_F(RunnerLogFaultsTest, CatchesUpAcrossOffsetsThatHoldNoRecord) {
  AppendSteps("a", 1, 10);
  AppendSteps("b", 1, 10);
  FaultyLog gappy(*log_, /*gaps=*/true);
  RunnerOptions options;
  options.max_batch = 3;
  for (int restart = 0; restart < 2; ++restart) {
    absl::StatusOr<std::unique_ptr<ProjectionRunner>> runner =
        ProjectionRunner::Create(gappy, *store_, projector_, options);
    ASSERT_TRUE(runner.ok()) << runner.status();
    // Last record + 1 would stop one short of each end, at the last marker.
    absl::Status status = (*runner)->CatchUp(Soon());
    ASSERT_TRUE(status.ok()) << status;
    Positions ends = *gappy.EndOffsets(kTopic, Soon());
    std::erase_if(ends, [](const auto& entry) { return entry.second == 0; });
    EXPECT_EQ(*store_->StoredPositions(), ends);
    EXPECT_EQ(TallyOf("a"), (Tally{.count = 10 * (restart + 1),
                                   .sum = 55 + restart * 155,
                                   .last = 10 * (restart + 1)}));
    AppendSteps("a", 11, 20);  // for the restart: it resumes after the marker
  }
}

TEST_F(RunnerLogFaultsTest, RecordsOfAFailedPollAreReadAgain) {
  AppendSteps("a", 1, 12);
  FaultyLog flaky(*log_, /*gaps=*/false);
  RunnerOptions options;
  options.max_batch = 5;
  absl::StatusOr<std::unique_ptr<ProjectionRunner>> runner =
      ProjectionRunner::Create(flaky, *store_, projector_, options);
  ASSERT_TRUE(runner.ok()) << runner.status();
  ASSERT_TRUE((*runner)->PollOnce(absl::Seconds(5)).ok());
  flaky.FailPolls(1);
  EXPECT_EQ((*runner)->PollOnce(absl::Seconds(5)).status().code(), absl::StatusCode::kUnavailable);
  absl::Status status = (*runner)->CatchUp(Soon());
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(TallyOf("a"), (Tally{.count = 12, .sum = 78, .last = 12}));
}

}  // namespace
}  // namespace stem::projection
