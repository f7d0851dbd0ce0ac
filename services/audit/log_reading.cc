#include "services/audit/log_reading.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "libs/eventlog/start_at.h"

namespace stem::audit {
namespace {

bool Reached(const eventlog::Positions& read, const eventlog::Positions& ends) {
  for (const auto& [partition, end] : ends) {
    if (end == 0) continue;
    auto position = read.find(partition);
    if (position == read.end() || position->second < end) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<eventlog::Positions> ForEachRecord(eventlog::EventLog& log,
                                                  const std::vector<std::string>& topics,
                                                  absl::Time deadline, const RecordVisitor& each,
                                                  const ReadProgress& progress) {
  eventlog::Positions ends;
  for (const std::string& topic : topics) {
    auto topic_ends = log.EndOffsets(topic, deadline);
    if (!topic_ends.ok()) return topic_ends.status();
    ends.insert(topic_ends->begin(), topic_ends->end());
  }
  int64_t total = 0;
  for (const auto& [partition, end] : ends) total += end;

  eventlog::StartAt listener;
  eventlog::SubscriptionOptions options;
  options.topics = topics;
  options.listener = &listener;
  auto subscription = log.Subscribe(options);
  if (!subscription.ok()) return subscription.status();

  int64_t done = 0;
  while (true) {
    auto read = (*subscription)->ReadPositions();
    if (!read.ok()) return read.status();
    if (Reached(*read, ends)) break;
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("read ", done, " of ", total, " records before the deadline"));
    }
    auto records = (*subscription)->Poll(absl::Milliseconds(200), 5000);
    if (!records.ok()) return records.status();
    for (eventlog::Record& record : *records) {
      auto end = ends.find(record.topic_partition);
      // Appended after the reading began: not part of what is audited.
      if (end == ends.end() || record.offset >= end->second) continue;
      each(record);
      ++done;
    }
    if (progress) progress(done, total);
  }
  // The end offsets overcount on Kafka (transaction markers take offsets): say at the end
  // how many records there were.
  if (progress) progress(done, done);
  return ends;
}

absl::StatusOr<LogContents> ReadTopics(eventlog::EventLog& log,
                                       const std::vector<std::string>& topics, absl::Time deadline,
                                       const ReadProgress& progress) {
  std::map<eventlog::TopicPartition, std::vector<eventlog::Record>> by_partition;
  auto ends = ForEachRecord(
      log, topics, deadline,
      [&](eventlog::Record& record) {
        by_partition[record.topic_partition].push_back(std::move(record));
      },
      progress);
  if (!ends.ok()) return ends.status();
  LogContents contents;
  contents.ends = std::move(*ends);
  for (auto& [partition, records] : by_partition) {
    std::move(records.begin(), records.end(), std::back_inserter(contents.records));
  }
  return contents;
}

std::string BeyondTheLog(const eventlog::Positions& positions, const eventlog::Positions& ends) {
  for (const auto& [partition, offset] : positions) {
    auto end = ends.find(partition);
    const int64_t log_end = end == ends.end() ? 0 : end->second;
    if (offset > log_end) {
      return absl::StrCat("read ", eventlog::ToString(partition), " up to offset ", offset,
                          ", but the log ends at ", log_end, ": facts were removed");
    }
  }
  return "";
}

}  // namespace stem::audit
