// Reading the whole log as it stands, for an audit: every record of the given topics up to
// their end offsets as of the call, in offset order within each partition.
#ifndef STEM_SERVICES_AUDIT_LOG_READING_H_
#define STEM_SERVICES_AUDIT_LOG_READING_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"

namespace stem::audit {

struct LogContents {
  // Partition by partition (in TopicPartition order), each in offset order.
  std::vector<eventlog::Record> records;
  // The end offsets the reading stopped at.
  eventlog::Positions ends;
};

// Called now and then with the records read so far and the most there can be (Kafka counts
// transaction markers among its offsets); at the end with the count read, twice.
using ReadProgress = std::function<void(int64_t done, int64_t total)>;

// Every record of `topics` up to their end offsets as of the call, handed to `each` as it is
// read and not kept (it may take the record): in offset order within a partition, partitions
// interleaved. Returns the end offsets the reading stopped at.
using RecordVisitor = std::function<void(eventlog::Record&)>;
absl::StatusOr<eventlog::Positions> ForEachRecord(eventlog::EventLog& log,
                                                  const std::vector<std::string>& topics,
                                                  absl::Time deadline, const RecordVisitor& each,
                                                  const ReadProgress& progress = {});

// The same, kept in memory: for the audits of a part of the log (as-of queries, checkpoints).
absl::StatusOr<LogContents> ReadTopics(eventlog::EventLog& log,
                                       const std::vector<std::string>& topics, absl::Time deadline,
                                       const ReadProgress& progress = {});

// Why `positions` (where a store or a decision read up to) lie past `ends` (where the log
// ends): facts they read are gone. Empty when they do not.
std::string BeyondTheLog(const eventlog::Positions& positions, const eventlog::Positions& ends);

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_LOG_READING_H_
