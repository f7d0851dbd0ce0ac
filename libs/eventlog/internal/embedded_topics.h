// Topic directories of the embedded log: loading them when the log opens, with crash
// recovery across partitions, and creating new ones.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TOPICS_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TOPICS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "libs/eventlog/internal/embedded_log_core.h"
#include "libs/eventlog/internal/embedded_partition_file.h"

namespace stem::eventlog::internal {

struct LoadedTopics {
  TopicTable topics;
  // The highest commit number still on disk; the next commit takes a higher one.
  uint64_t last_commit_seq = 0;
};

// Opens every complete topic directory under `directory` and makes the files a consistent
// prefix of the commits: a commit that has fewer frames on disk than it wrote (the process
// or the machine died between its writes), and every later commit, are cut off every file.
// With sync on only the last, unacknowledged commit can be incomplete.
absl::StatusOr<LoadedTopics> LoadTopics(const std::string& directory,
                                        PartitionFile::Options options);

// Creates <directory>/<name> with `partitions` empty partition files, then (atomically) its
// metadata file, which is what makes the topic exist for LoadTopics.
absl::StatusOr<EmbeddedTopic> CreateTopic(const std::string& directory, const std::string& name,
                                          int32_t partitions, PartitionFile::Options options);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_TOPICS_H_
