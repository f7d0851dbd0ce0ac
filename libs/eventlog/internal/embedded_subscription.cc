#include "libs/eventlog/internal/embedded_subscription.h"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"

namespace stem::eventlog::internal {
namespace {

class EmbeddedSubscription final : public Subscription {
 public:
  // `member` is 0 in full mode, else the subscription's id in its group (already joined).
  EmbeddedSubscription(std::shared_ptr<LogCore> core, const SubscriptionOptions& options,
                       std::map<TopicPartition, PartitionFile*> files, uint64_t member)
      : core_(std::move(core)),
        group_(options.group_id),
        listener_(options.listener),
        files_(std::move(files)),
        member_(member) {}

  ~EmbeddedSubscription() override {
    if (member_ == 0) return;
    absl::MutexLock lock(&core_->mu);
    core_->groups.Leave(group_, member_);
    core_->NotifyLocked();
  }

  absl::StatusOr<std::vector<Record>> Poll(absl::Duration timeout, size_t max_records) override;

  std::vector<TopicPartition> Assignment() const override {
    absl::MutexLock lock(&state_mu_);
    std::vector<TopicPartition> assignment;
    for (const auto& entry : positions_) assignment.push_back(entry.first);
    return assignment;
  }

  // Offsets are dense here, so this is always the last record delivered + 1.
  absl::StatusOr<Positions> ReadPositions() const override {
    absl::MutexLock lock(&state_mu_);
    return positions_;
  }

  void ReportProgress(const Positions&) override {}

 private:
  struct Reading {
    PartitionFile* file;
    int64_t next_offset;
    ReadCursor cursor;
  };

  absl::Status Rebalance();
  // Asks the listener where to start in `partitions` and starts reading them there.
  absl::Status Take(const std::vector<TopicPartition>& partitions);
  absl::StatusOr<std::vector<Record>> ReadAvailable(size_t max_records);
  // Copies assignment and positions for Assignment() and ReadPositions() on other threads.
  void PublishState();

  const std::shared_ptr<LogCore> core_;
  const std::string group_;
  AssignmentListener* const listener_;
  const std::map<TopicPartition, PartitionFile*> files_;
  const uint64_t member_;

  // Poll's own state; Poll calls are serialised.
  std::mutex poll_mu_;
  bool full_assigned_ = false;
  std::map<TopicPartition, Reading> reading_;
  size_t round_robin_ = 0;

  mutable absl::Mutex state_mu_;
  Positions positions_ ABSL_GUARDED_BY(state_mu_);
};

absl::StatusOr<std::vector<Record>> EmbeddedSubscription::Poll(absl::Duration timeout,
                                                               size_t max_records) {
  if (max_records == 0) {
    return absl::InvalidArgumentError("embedded event log: Poll needs max_records > 0");
  }
  std::lock_guard<std::mutex> serial(poll_mu_);
  absl::Time deadline = absl::Now() + timeout;
  while (true) {
    uint64_t epoch = 0;
    {
      absl::MutexLock lock(&core_->mu);
      if (core_->closed) {
        return absl::FailedPreconditionError(
            "embedded event log: the log of this subscription was closed");
      }
      epoch = core_->epoch;
    }
    if (absl::Status rebalanced = Rebalance(); !rebalanced.ok()) return rebalanced;
    absl::StatusOr<std::vector<Record>> records = ReadAvailable(max_records);
    if (!records.ok() || !records->empty() || absl::Now() >= deadline) return records;
    // Anything that could give this poll records (a commit, a group change, closing)
    // moves the epoch.
    absl::MutexLock lock(&core_->mu);
    bool timed_out = false;
    while (core_->epoch == epoch && !timed_out) {
      timed_out = core_->changed.WaitWithDeadline(&core_->mu, deadline);
    }
  }
}

absl::Status EmbeddedSubscription::Rebalance() {
  if (member_ == 0) {
    if (full_assigned_) return absl::OkStatus();
    std::vector<TopicPartition> all;
    for (const auto& entry : files_) all.push_back(entry.first);
    if (absl::Status taken = Take(all); !taken.ok()) return taken;
    full_assigned_ = true;
    return absl::OkStatus();
  }

  std::vector<TopicPartition> revoked;
  {
    absl::MutexLock lock(&core_->mu);
    revoked = core_->groups.ToRevoke(group_, member_);
  }
  if (!revoked.empty()) {
    listener_->OnRevoked(revoked);
    for (const TopicPartition& partition : revoked) reading_.erase(partition);
    PublishState();
    absl::MutexLock lock(&core_->mu);
    core_->groups.Release(group_, member_, revoked);
    core_->NotifyLocked();  // Whoever the partitions are meant for may take them now.
  }
  std::vector<TopicPartition> claimed;
  {
    absl::MutexLock lock(&core_->mu);
    claimed = core_->groups.Claim(group_, member_);
  }
  if (claimed.empty()) return absl::OkStatus();
  absl::Status taken = Take(claimed);
  if (!taken.ok()) {
    // Not read, so not ours: the next Poll claims them again.
    absl::MutexLock lock(&core_->mu);
    core_->groups.Release(group_, member_, claimed);
    core_->NotifyLocked();
  }
  return taken;
}

absl::Status EmbeddedSubscription::Take(const std::vector<TopicPartition>& partitions) {
  absl::StatusOr<Positions> positions = listener_->OnAssigned(partitions);
  if (!positions.ok()) return positions.status();
  std::map<TopicPartition, Reading> taken;
  for (const TopicPartition& partition : partitions) {
    PartitionFile* file = files_.at(partition);
    auto given = positions->find(partition);
    int64_t next = given == positions->end() ? 0 : given->second;
    int64_t end = file->published_end().offset;
    if (next < 0 || next > end) {
      return absl::OutOfRangeError(
          absl::StrCat("embedded event log: position ", next, " of ", ToString(partition),
                       " is outside the partition, whose end is ", end,
                       " (was the log directory replaced under the subscriber's store?)"));
    }
    taken[partition] = Reading{file, next, ReadCursor()};
  }
  reading_.merge(taken);
  PublishState();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Record>> EmbeddedSubscription::ReadAvailable(size_t max_records) {
  std::vector<Record> records;
  if (reading_.empty()) return records;
  std::vector<std::pair<const TopicPartition*, Reading*>> order;
  for (auto& [partition, reading] : reading_) order.emplace_back(&partition, &reading);
  std::vector<PartitionFile::End> ends;
  {
    // One snapshot for all partitions, under the mutex commits publish under: a commit's
    // records are all in it or none is.
    absl::MutexLock lock(&core_->mu);
    for (const auto& entry : order) ends.push_back(entry.second->file->published_end());
  }
  // Start at another partition each time, so that a busy one does not starve the rest.
  size_t start = round_robin_++ % order.size();
  for (size_t i = 0; i < order.size() && records.size() < max_records; ++i) {
    size_t at = (start + i) % order.size();
    Reading& reading = *order[at].second;
    if (reading.next_offset >= ends[at].offset) continue;
    absl::Status read =
        reading.file->Read(reading.next_offset, ends[at], max_records - records.size(),
                           *order[at].first, &reading.cursor, &records);
    if (!read.ok()) return read;
    reading.next_offset = reading.cursor.next_offset;
  }
  if (!records.empty()) PublishState();
  return records;
}

void EmbeddedSubscription::PublishState() {
  Positions positions;
  for (const auto& [partition, reading] : reading_) positions[partition] = reading.next_offset;
  absl::MutexLock lock(&state_mu_);
  positions_ = std::move(positions);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Subscription>> SubscribeEmbedded(
    std::shared_ptr<LogCore> core, const SubscriptionOptions& options) {
  if (options.listener == nullptr) {
    return absl::InvalidArgumentError("embedded event log: a subscription needs a listener");
  }
  if (options.topics.empty()) {
    return absl::InvalidArgumentError("embedded event log: a subscription needs topics");
  }
  std::map<TopicPartition, PartitionFile*> files;
  uint64_t member = 0;
  {
    absl::MutexLock lock(&core->mu);
    for (const std::string& topic : options.topics) {
      auto found = core->topics.find(topic);
      if (found == core->topics.end()) {
        return absl::NotFoundError(
            absl::StrCat("embedded event log: no topic \"", topic, "\" to subscribe to"));
      }
      for (size_t p = 0; p < found->second.files.size(); ++p) {
        files[{topic, static_cast<int32_t>(p)}] = found->second.files[p].get();
      }
    }
    if (!options.group_id.empty()) {
      member = core->next_member_id++;
      std::vector<TopicPartition> partitions;
      for (const auto& entry : files) partitions.push_back(entry.first);
      core->groups.Join(options.group_id, member, partitions);
      core->NotifyLocked();  // Members that must give partitions up hear it while polling.
    }
  }
  return std::make_unique<EmbeddedSubscription>(std::move(core), options, std::move(files), member);
}

}  // namespace stem::eventlog::internal
