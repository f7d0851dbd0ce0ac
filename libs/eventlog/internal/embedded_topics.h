// Topic directories of the embedded log: loading them when the log opens, with crash
// recovery across partitions, and creating new ones.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TOPICS_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TOPICS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/eventlog/internal/embedded_log_core.h"
#include "libs/eventlog/internal/embedded_partition_file.h"

namespace stem::eventlog::internal {

struct LoadedTopics {
  TopicTable topics;
  // The highest commit number still on disk; the next commit takes a higher one.
  uint64_t last_commit_seq = 0;
  // The unfinished commit recovery cut off (0: none), and what it cut from which file.
  uint64_t cut_commit = 0;
  std::vector<FileCut> cuts;
};

struct OpenedTopics {
  TopicTable topics;
  // Commits with frames missing among the intact frames, with how many are missing.
  std::map<uint64_t, uint32_t> incomplete;
};

// Opens every complete topic directory under `directory` as it is, changing nothing.
absl::StatusOr<OpenedTopics> OpenTopicFiles(const std::string& directory,
                                            PartitionFile::Options options);

// Cuts commit `commit_seq` and every later one, and every tail, off every file (after
// copying the bytes to <directory>/quarantine/<topic>.<partition>.<time>.cut). 0: nothing.
absl::StatusOr<std::vector<FileCut>> CutFromCommit(const std::string& directory, TopicTable& topics,
                                                   uint64_t commit_seq);

// The highest commit number in any file.
uint64_t LastCommit(const TopicTable& topics);

// Opens every complete topic directory under `directory` and recovers from a crash as
// PlanRecovery (embedded_recovery.h) decides: the commit that was in flight, and only that
// one, is cut off every file it reached, its bytes first copied to
// <directory>/quarantine/<topic>.<partition>.<time>.cut. Any other damage fails with
// DATA_LOSS and changes nothing.
absl::StatusOr<LoadedTopics> LoadTopics(const std::string& directory,
                                        PartitionFile::Options options);

// Creates <directory>/<name> with `partitions` empty partition files, then (atomically) its
// metadata file, which is what makes the topic exist for LoadTopics.
absl::StatusOr<EmbeddedTopic> CreateTopic(const std::string& directory, const std::string& name,
                                          int32_t partitions, PartitionFile::Options options);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TOPICS_H_
