#include "libs/eventlog/internal/embedded_topics.h"

#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/eventlog/internal/embedded_files.h"

namespace stem::eventlog::internal {
namespace {

std::string PartitionPath(const std::string& topic_directory, int32_t partition) {
  return absl::StrCat(topic_directory, "/", partition, ".log");
}

// Counts the frames of multi-partition commits as the files are scanned. A commit leaves
// the table once all its frames were seen, so the table holds only commits whose frames
// straddle files not yet scanned, and at the end the incomplete ones.
class CommitTally {
 public:
  void See(uint64_t commit_seq, uint32_t commit_parts) {
    if (commit_parts == 1) return;
    auto entry = missing_.try_emplace(commit_seq, commit_parts).first;
    if (--entry->second == 0) missing_.erase(entry);
  }
  // The first commit with frames missing; 0 when every commit is whole.
  uint64_t FirstIncomplete() const {
    uint64_t first = 0;
    for (const auto& [seq, missing] : missing_) {
      if (first == 0 || seq < first) first = seq;
    }
    return first;
  }

 private:
  std::unordered_map<uint64_t, uint32_t> missing_;
};

}  // namespace

absl::StatusOr<LoadedTopics> LoadTopics(const std::string& directory,
                                        PartitionFile::Options options) {
  absl::StatusOr<std::vector<std::string>> names = ListSubdirectories(directory);
  if (!names.ok()) return names.status();
  LoadedTopics loaded;
  CommitTally tally;
  auto visit = [&](uint64_t commit_seq, uint32_t commit_parts) {
    tally.See(commit_seq, commit_parts);
  };
  for (const std::string& name : *names) {
    std::string topic_directory = absl::StrCat(directory, "/", name);
    // Without its metadata file the topic's creation did not finish; EnsureTopics redoes it.
    if (!ValidateTopicName(name).ok() ||
        !FileExists(absl::StrCat(topic_directory, "/", ToAbsl(kTopicMetaFile)))) {
      continue;
    }
    absl::StatusOr<int32_t> partitions = ReadTopicMeta(topic_directory);
    if (!partitions.ok()) return partitions.status();
    EmbeddedTopic topic;
    for (int32_t partition = 0; partition < *partitions; ++partition) {
      absl::StatusOr<std::unique_ptr<PartitionFile>> file =
          PartitionFile::Open(PartitionPath(topic_directory, partition), visit, options);
      if (!file.ok()) return file.status();
      topic.files.push_back(*std::move(file));
    }
    loaded.topics.emplace(name, std::move(topic));
  }
  uint64_t first_incomplete = tally.FirstIncomplete();
  for (auto& [name, topic] : loaded.topics) {
    for (std::unique_ptr<PartitionFile>& file : topic.files) {
      if (first_incomplete != 0 && file->recovered_last_commit_seq() >= first_incomplete) {
        if (absl::Status dropped = file->DropCommitsFrom(first_incomplete); !dropped.ok()) {
          return dropped;
        }
      }
      loaded.last_commit_seq = std::max(loaded.last_commit_seq, file->recovered_last_commit_seq());
    }
  }
  return loaded;
}

absl::StatusOr<EmbeddedTopic> CreateTopic(const std::string& directory, const std::string& name,
                                          int32_t partitions, PartitionFile::Options options) {
  std::string topic_directory = absl::StrCat(directory, "/", name);
  if (absl::Status made = MakeDirectory(topic_directory); !made.ok()) return made;
  EmbeddedTopic topic;
  for (int32_t partition = 0; partition < partitions; ++partition) {
    // A leftover of an interrupted creation is empty: nothing appends to a topic before
    // its metadata file exists.
    absl::StatusOr<std::unique_ptr<PartitionFile>> file = PartitionFile::Open(
        PartitionPath(topic_directory, partition), [](uint64_t, uint32_t) {}, options);
    if (!file.ok()) return file.status();
    topic.files.push_back(*std::move(file));
  }
  // The files' entries first, then the metadata file that makes them a topic, then the
  // topic directory's own entry.
  if (absl::Status synced = SyncDirectory(topic_directory); !synced.ok()) return synced;
  if (absl::Status written = WriteTopicMeta(topic_directory, partitions); !written.ok()) {
    return written;
  }
  if (absl::Status synced = SyncDirectory(directory); !synced.ok()) return synced;
  return topic;
}

}  // namespace stem::eventlog::internal
