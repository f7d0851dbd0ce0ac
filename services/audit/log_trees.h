// The transparency view of the log (rulebook section 9): one Merkle tree (RFC 9162,
// libs/transparency/merkle.h) per topic partition - Kafka orders a partition, not a topic -
// whose leaves are the partition's records, every one of them, in offset order: leaf i is
// LeafHash(value of the partition's i-th record). Offsets may have gaps (Kafka's markers),
// so a record's leaf index is its rank, not its offset.
#ifndef STEM_SERVICES_AUDIT_LOG_TREES_H_
#define STEM_SERVICES_AUDIT_LOG_TREES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/transparency/checkpoint.h"
#include "libs/transparency/merkle.h"

namespace stem::audit {

class LogTrees {
 public:
  // `records` partition by partition, each in offset order (audit::ReadTopics); `ends`: every
  // partition read, so that an empty one has its (empty) tree too.
  static LogTrees Build(const std::vector<eventlog::Record>& records,
                        const eventlog::Positions& ends);

  // "<topic>/<partition>".
  static std::string LogName(const eventlog::TopicPartition& partition);

  // Every tree's size and root, at the suite's `clock`.
  transparency::Checkpoint Checkpoint(const std::string& origin, const std::string& clock) const;

  // NOT_FOUND for a log this suite does not have.
  absl::StatusOr<const transparency::MerkleTree*> Tree(const std::string& log) const;
  // The record at `offset`: its leaf index, and its place in the records Build was given.
  // NOT_FOUND when no record is there.
  struct Leaf {
    uint64_t index = 0;
    size_t record = 0;
  };
  absl::StatusOr<Leaf> LeafAt(const eventlog::TopicPartition& partition, int64_t offset) const;

 private:
  std::map<std::string, transparency::MerkleTree> trees_;
  std::map<std::string, std::map<int64_t, Leaf>> leaf_of_offset_;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_LOG_TREES_H_
