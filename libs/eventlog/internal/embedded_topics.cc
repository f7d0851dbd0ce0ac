#include "libs/eventlog/internal/embedded_topics.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/common/absl_compat.h"
#include "libs/eventlog/internal/embedded_files.h"
#include "libs/eventlog/internal/embedded_recovery.h"

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
  // The commits with frames missing, in order, each with how many are missing.
  std::map<uint64_t, uint32_t> Incomplete() const { return {missing_.begin(), missing_.end()}; }

 private:
  std::unordered_map<uint64_t, uint32_t> missing_;
};

}  // namespace

absl::StatusOr<OpenedTopics> OpenTopicFiles(const std::string& directory,
                                            PartitionFile::Options options) {
  absl::StatusOr<std::vector<std::string>> names = ListSubdirectories(directory);
  if (!names.ok()) return names.status();
  OpenedTopics opened;
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
    opened.topics.emplace(name, std::move(topic));
  }
  opened.incomplete = tally.Incomplete();
  return opened;
}

absl::StatusOr<std::vector<FileCut>> CutFromCommit(const std::string& directory, TopicTable& topics,
                                                   uint64_t commit_seq) {
  std::vector<FileCut> cuts;
  if (commit_seq == 0) return cuts;
  const std::string stamp = absl::FormatTime("%Y%m%dT%H%M%E6SZ", absl::Now(), absl::UTCTimeZone());
  for (auto& [name, topic] : topics) {
    for (size_t partition = 0; partition < topic.files.size(); ++partition) {
      PartitionFile& file = *topic.files[partition];
      if (file.recovered_last_commit_seq() < commit_seq &&
          file.tail().kind == FileTail::Kind::kNone) {
        continue;
      }
      absl::StatusOr<std::optional<FileCut>> cut =
          file.CutFrom(commit_seq, absl::StrCat(directory, "/", ToAbsl(kQuarantineDirectory), "/",
                                                name, ".", partition, ".", stamp, ".cut"));
      if (!cut.ok()) return cut.status();
      if (cut->has_value()) cuts.push_back(**std::move(cut));
    }
  }
  return cuts;
}

uint64_t LastCommit(const TopicTable& topics) {
  uint64_t last = 0;
  for (const auto& [name, topic] : topics) {
    for (const auto& file : topic.files) last = std::max(last, file->recovered_last_commit_seq());
  }
  return last;
}

absl::StatusOr<LoadedTopics> LoadTopics(const std::string& directory,
                                        PartitionFile::Options options) {
  absl::StatusOr<OpenedTopics> opened = OpenTopicFiles(directory, options);
  if (!opened.ok()) return opened.status();
  absl::StatusOr<RecoveryPlan> plan = PlanRecovery(opened->topics, opened->incomplete);
  if (!plan.ok()) return plan.status();
  LoadedTopics loaded;
  absl::StatusOr<std::vector<FileCut>> cuts =
      CutFromCommit(directory, opened->topics, plan->cut_from_commit);
  if (!cuts.ok()) return cuts.status();
  loaded.topics = std::move(opened->topics);
  loaded.cuts = *std::move(cuts);
  loaded.cut_commit = plan->cut_from_commit;
  loaded.last_commit_seq = LastCommit(loaded.topics);
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
    const std::string path = PartitionPath(topic_directory, partition);
    absl::StatusOr<std::unique_ptr<PartitionFile>> file = PartitionFile::Open(
        path, [](uint64_t, uint32_t) {}, options);
    if (!file.ok()) return file.status();
    if ((*file)->published_end().bytes != 0 || (*file)->tail().kind != FileTail::Kind::kNone) {
      return absl::DataLossError(absl::StrCat("embedded event log: ", path,
                                              " holds bytes, but its topic was never created"));
    }
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
