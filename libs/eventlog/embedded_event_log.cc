#include "libs/eventlog/embedded_event_log.h"

#include <cstdio>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/common/absl_compat.h"
#include "libs/common/log.h"
#include "libs/eventlog/internal/embedded_files.h"
#include "libs/eventlog/internal/embedded_frame.h"
#include "libs/eventlog/internal/embedded_log_core.h"
#include "libs/eventlog/internal/embedded_subscription.h"
#include "libs/eventlog/internal/embedded_topics.h"
#include "libs/eventlog/internal/embedded_writer.h"

namespace stem::eventlog {
namespace {

using internal::LogCore;

absl::Status UnknownTopic(std::string_view topic) {
  return absl::NotFoundError(absl::StrCat("embedded event log: no topic \"", ToAbsl(topic), "\""));
}

class EmbeddedEventLog final : public EventLog {
 public:
  EmbeddedEventLog(EmbeddedOptions options, internal::UniqueFd lock, std::shared_ptr<LogCore> core,
                   uint64_t last_commit_seq)
      : options_(std::move(options)),
        lock_(std::move(lock)),
        core_(std::move(core)),
        writer_(core_.get(), last_commit_seq, options_.sync) {}

  ~EmbeddedEventLog() override {
    absl::MutexLock lock(&core_->mu);
    core_->closed = true;
    core_->NotifyLocked();
  }

  absl::Status EnsureTopics(const std::vector<TopicSpec>& topics) override;
  absl::StatusOr<int32_t> PartitionCount(std::string_view topic) override;
  absl::StatusOr<std::vector<RecordPosition>> Append(std::vector<OutgoingRecord> records,
                                                     absl::Time deadline) override;
  absl::StatusOr<Positions> EndOffsets(std::string_view topic, absl::Time deadline) override;
  std::optional<int64_t> KnownEnd(const TopicPartition& partition) override {
    absl::StatusOr<Positions> ends = EndOffsets(partition.topic, absl::InfiniteFuture());
    if (!ends.ok()) return std::nullopt;
    auto end = ends->find(partition);
    if (end == ends->end()) return std::nullopt;
    return end->second;
  }
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscriptionOptions& options) override {
    return internal::SubscribeEmbedded(core_, options);
  }

 private:
  const EmbeddedOptions options_;
  // Held for the log's life; released last, after the writer stopped.
  const internal::UniqueFd lock_;
  const std::shared_ptr<LogCore> core_;
  internal::CommitWriter writer_;
  // Serialises topic creation (slow: files and fsyncs), apart from the core's mutex.
  absl::Mutex create_mu_;
};

absl::Status EmbeddedEventLog::EnsureTopics(const std::vector<TopicSpec>& topics) {
  for (const TopicSpec& spec : topics) {
    if (absl::Status valid = internal::ValidateTopicName(spec.name); !valid.ok()) return valid;
    if (spec.partitions < 1 || spec.partitions > internal::kMaxPartitions) {
      return absl::InvalidArgumentError(
          absl::StrCat("embedded event log: topic \"", spec.name, "\" cannot have ",
                       spec.partitions, " partitions (1 to ", internal::kMaxPartitions, ")"));
    }
  }
  absl::MutexLock creating(&create_mu_);
  // All checks before any creation, so that a refused call changes nothing.
  std::map<std::string, int32_t> wanted;
  {
    absl::MutexLock lock(&core_->mu);
    for (const TopicSpec& spec : topics) {
      auto found = core_->topics.find(spec.name);
      size_t partitions =
          found == core_->topics.end()
              ? static_cast<size_t>(wanted.emplace(spec.name, spec.partitions).first->second)
              : found->second.files.size();
      if (partitions != static_cast<size_t>(spec.partitions)) {
        return absl::FailedPreconditionError(absl::StrCat("embedded event log: topic \"", spec.name,
                                                          "\" has ", partitions,
                                                          " partitions, not ", spec.partitions));
      }
    }
  }
  for (const TopicSpec& spec : topics) {
    {
      absl::MutexLock lock(&core_->mu);
      if (core_->topics.contains(spec.name)) continue;
    }
    // Outside the core's mutex: readers and writers of other topics go on meanwhile.
    absl::StatusOr<internal::EmbeddedTopic> topic = internal::CreateTopic(
        options_.directory, spec.name, spec.partitions, internal::PartitionFile::Options());
    if (!topic.ok()) return topic.status();
    absl::MutexLock lock(&core_->mu);
    core_->topics.emplace(spec.name, *std::move(topic));
    core_->NotifyLocked();
  }
  return absl::OkStatus();
}

absl::StatusOr<int32_t> EmbeddedEventLog::PartitionCount(std::string_view topic) {
  absl::MutexLock lock(&core_->mu);
  auto found = core_->topics.find(topic);
  if (found == core_->topics.end()) return UnknownTopic(topic);
  return static_cast<int32_t>(found->second.files.size());
}

absl::StatusOr<std::vector<RecordPosition>> EmbeddedEventLog::Append(
    std::vector<OutgoingRecord> records, absl::Time deadline) {
  if (records.empty()) return std::vector<RecordPosition>();
  if (absl::Now() >= deadline) {
    return absl::DeadlineExceededError("embedded event log: append after its deadline");
  }
  std::vector<internal::ResolvedRecord> resolved;
  resolved.reserve(records.size());
  {
    absl::MutexLock lock(&core_->mu);
    for (OutgoingRecord& record : records) {
      auto found = core_->topics.find(record.topic);
      if (found == core_->topics.end()) return UnknownTopic(record.topic);
      const std::vector<std::unique_ptr<internal::PartitionFile>>& files = found->second.files;
      int32_t partition = PartitionForKey(record.key, static_cast<int32_t>(files.size()));
      resolved.push_back({{std::move(record.topic), partition},
                          files[static_cast<size_t>(partition)].get(),
                          std::move(record.key),
                          std::move(record.value)});
    }
  }
  std::map<internal::PartitionFile*, size_t> frame_bytes;
  for (const internal::ResolvedRecord& record : resolved) {
    size_t& bytes = frame_bytes[record.file];
    if (bytes == 0) bytes = internal::kFrameBodyFixedSize;
    bytes += internal::EncodedRecordSize(record.key, record.value);
    if (bytes > internal::kMaxFrameBodySize) {
      return absl::InvalidArgumentError(absl::StrCat(
          "embedded event log: one append may put at most ", internal::kMaxFrameBodySize,
          " bytes into a partition; this one puts more into ", ToString(record.topic_partition)));
    }
  }
  return writer_.Append(std::move(resolved), deadline);
}

absl::StatusOr<Positions> EmbeddedEventLog::EndOffsets(std::string_view topic, absl::Time) {
  absl::MutexLock lock(&core_->mu);
  auto found = core_->topics.find(topic);
  if (found == core_->topics.end()) return UnknownTopic(topic);
  Positions ends;
  for (size_t p = 0; p < found->second.files.size(); ++p) {
    ends[{found->first, static_cast<int32_t>(p)}] = found->second.files[p]->published_end().offset;
  }
  return ends;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventLog>> OpenEmbeddedEventLog(const EmbeddedOptions& options) {
  if (options.directory.empty()) {
    return absl::InvalidArgumentError("embedded event log: no directory given");
  }
  if (absl::Status made = internal::MakeDirectory(options.directory); !made.ok()) return made;
  absl::StatusOr<internal::UniqueFd> lock =
      internal::LockFile(absl::StrCat(options.directory, "/", ToAbsl(internal::kLockFile)));
  if (!lock.ok()) return lock.status();
  absl::StatusOr<internal::LoadedTopics> loaded =
      internal::LoadTopics(options.directory, internal::PartitionFile::Options());
  if (!loaded.ok()) return loaded.status();
  for (const internal::FileCut& cut : loaded->cuts) {
    std::string line = absl::StrCat(
        "embedded event log: cut the unfinished commit ", loaded->cut_commit,
        " at open: ", cut.path, " bytes ", cut.from_byte, "-", cut.to_byte, " (",
        cut.records > 0 ? absl::StrCat("commits ", cut.first_commit_seq, "-", cut.last_commit_seq,
                                       ", ", cut.records, " records")
                        : std::string("no whole frame"),
        cut.torn_bytes > 0 ? absl::StrCat(", a partial frame of ", cut.torn_bytes, " bytes") : "",
        "), copied to ", cut.quarantine_path);
    if (options.log) {
      options.log(line);
    } else {
      log::Warning(line);
    }
  }
  auto core = std::make_shared<LogCore>();
  {
    absl::MutexLock core_lock(&core->mu);
    core->topics = std::move(loaded->topics);
  }
  return std::make_unique<EmbeddedEventLog>(options, *std::move(lock), std::move(core),
                                            loaded->last_commit_seq);
}

}  // namespace stem::eventlog
