#include "services/audit/log_trees.h"

#include "absl/strings/str_cat.h"

namespace stem::audit {

std::string LogTrees::LogName(const eventlog::TopicPartition& partition) {
  return absl::StrCat(partition.topic, "/", partition.partition);
}

LogTrees LogTrees::Build(const std::vector<eventlog::Record>& records,
                         const eventlog::Positions& ends) {
  LogTrees trees;
  for (const auto& [partition, end] : ends) trees.trees_[LogName(partition)];
  for (size_t i = 0; i < records.size(); ++i) {
    const eventlog::Record& record = records[i];
    const std::string name = LogName(record.topic_partition);
    transparency::MerkleTree& tree = trees.trees_[name];
    trees.leaf_of_offset_[name][record.offset] = {tree.size(), i};
    tree.AppendEntry(record.value);
  }
  return trees;
}

transparency::Checkpoint LogTrees::Checkpoint(const std::string& origin,
                                              const std::string& clock) const {
  transparency::Checkpoint checkpoint{origin, clock, {}};
  for (const auto& [name, tree] : trees_) {
    absl::StatusOr<std::string> root = tree.Root(tree.size());
    checkpoint.trees.push_back({name, tree.size(), root.ok() ? *root : std::string()});
  }
  return checkpoint;
}

absl::StatusOr<const transparency::MerkleTree*> LogTrees::Tree(const std::string& log) const {
  auto found = trees_.find(log);
  if (found == trees_.end()) {
    return absl::NotFoundError(absl::StrCat("the suite has no log ", log));
  }
  return &found->second;
}

absl::StatusOr<LogTrees::Leaf> LogTrees::LeafAt(const eventlog::TopicPartition& partition,
                                                int64_t offset) const {
  const std::string name = LogName(partition);
  auto log = leaf_of_offset_.find(name);
  if (log == leaf_of_offset_.end() || !log->second.contains(offset)) {
    return absl::NotFoundError(absl::StrCat("no fact at ", name, "@", offset));
  }
  return log->second.at(offset);
}

}  // namespace stem::audit
