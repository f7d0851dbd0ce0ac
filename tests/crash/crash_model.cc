#include "tests/crash/crash_model.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "tests/crash/crash_scenario.h"

namespace stem::crash {
namespace {

constexpr int kRecordsPerAppend = 500;

bool Below(const eventlog::Positions& positions, const eventlog::TopicPartition& tp,
           int64_t offset) {
  auto it = positions.find(tp);
  return it != positions.end() && offset < it->second;
}

}  // namespace

std::string AggregateId(int aggregate) {
  char id[16];
  std::snprintf(id, sizeof id, "agg-%02d", aggregate);
  return id;
}

absl::Status CrashModel::AppendEvents(eventlog::EventLog& log, int count) {
  std::uniform_int_distribution<int> aggregate_of(0, kAggregates - 1);
  std::uniform_int_distribution<int64_t> amount_of(1, 1000);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<Original> chunk;
  std::vector<bool> duplicate;
  for (int i = 0; i < count; ++i) {
    Original event;
    event.aggregate = aggregate_of(random_);
    event.sequence = next_sequence_[event.aggregate]++;
    event.amount = amount_of(random_);
    // Ids are derived from the seed's choices only, so a seed gives the same log.
    event.bytes = projection::testing::StepEvent(
                      absl::StrCat("ev-", AggregateId(event.aggregate), "-", event.sequence),
                      AggregateId(event.aggregate), event.sequence, event.amount)
                      .SerializeAsString();
    originals_.push_back(event);
    chunk.push_back(std::move(event));
    duplicate.push_back(false);
    if (percent(random_) == 0) {
      std::uniform_int_distribution<size_t> earlier(0, originals_.size() - 1);
      chunk.push_back(originals_[earlier(random_)]);
      duplicate.push_back(true);
    }
    if (chunk.size() >= kRecordsPerAppend || i + 1 == count) {
      if (absl::Status status = AppendChunk(log, chunk, duplicate); !status.ok()) return status;
      chunk.clear();
      duplicate.clear();
    }
  }
  return absl::OkStatus();
}

absl::Status CrashModel::AppendChunk(eventlog::EventLog& log, const std::vector<Original>& chunk,
                                     const std::vector<bool>& duplicate) {
  std::vector<eventlog::OutgoingRecord> records;
  for (const Original& event : chunk) {
    records.push_back({kTopic, AggregateId(event.aggregate), event.bytes});
  }
  absl::StatusOr<std::vector<eventlog::RecordPosition>> positions =
      log.Append(std::move(records), absl::Now() + absl::Seconds(30));
  if (!positions.ok()) return positions.status();
  for (size_t i = 0; i < chunk.size(); ++i) {
    appended_.push_back({(*positions)[i].topic_partition, (*positions)[i].offset,
                         chunk[i].aggregate, chunk[i].sequence, chunk[i].amount, duplicate[i]});
    if (!duplicate[i]) ++events_;
  }
  return absl::OkStatus();
}

std::vector<projection::testing::Tally> CrashModel::Expected(
    const eventlog::Positions& positions) const {
  std::vector<projection::testing::Tally> tallies(kAggregates);
  for (const Appended& event : appended_) {
    if (event.duplicate || !Below(positions, event.tp, event.offset)) continue;
    projection::testing::Tally& tally = tallies[event.aggregate];
    tally.count += 1;
    tally.sum += event.amount;
    tally.last = event.sequence;
  }
  return tallies;
}

int64_t CrashModel::Pending(const eventlog::Positions& positions) const {
  return std::count_if(appended_.begin(), appended_.end(), [&](const Appended& event) {
    return !event.duplicate && !Below(positions, event.tp, event.offset);
  });
}

}  // namespace stem::crash
