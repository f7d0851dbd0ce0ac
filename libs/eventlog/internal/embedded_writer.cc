#include "libs/eventlog/internal/embedded_writer.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/check.h"
#include "libs/eventlog/internal/embedded_frame.h"

namespace stem::eventlog::internal {

absl::StatusOr<std::vector<RecordPosition>> CommitWriter::Append(
    std::vector<ResolvedRecord> records, absl::Time deadline) {
  PendingCall call;
  for (const ResolvedRecord& record : records) {
    call.encoded_bytes += EncodedRecordSize(record.key, record.value);
  }
  call.records = std::move(records);

  mu_.Lock();
  if (!broken_.ok()) {
    absl::Status broken = broken_;
    mu_.Unlock();
    return broken;
  }
  queue_.push_back(&call);
  while (!call.done) {
    if (!committing_) {
      committing_ = true;
      std::vector<PendingCall*> batch = TakeBatchLocked();
      absl::Status broken = broken_;
      mu_.Unlock();
      if (broken.ok()) {
        Commit(batch);
      } else {
        for (PendingCall* failed : batch) failed->result = broken;
      }
      mu_.Lock();
      for (PendingCall* committed : batch) committed->done = true;
      committing_ = false;
      progress_.SignalAll();
      continue;
    }
    if (!call.taken && absl::Now() >= deadline) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), &call));
      mu_.Unlock();
      return absl::DeadlineExceededError(
          "embedded event log: the deadline passed before the append's turn to write");
    }
    progress_.WaitWithDeadline(&mu_, call.taken ? absl::InfiniteFuture() : deadline);
  }
  mu_.Unlock();
  return std::move(call.result);
}

std::vector<CommitWriter::PendingCall*> CommitWriter::TakeBatchLocked() {
  // Further calls only while all records together fit one frame, so that no partition's
  // frame can exceed the limit (the caller checked each call's frames on their own).
  constexpr size_t kBudget = kMaxFrameBodySize - kFrameBodyFixedSize;
  std::vector<PendingCall*> batch;
  size_t bytes = 0;
  while (!queue_.empty() && (batch.empty() || bytes + queue_.front()->encoded_bytes <= kBudget)) {
    PendingCall* call = queue_.front();
    queue_.pop_front();
    call->taken = true;
    bytes += call->encoded_bytes;
    batch.push_back(call);
  }
  return batch;
}

void CommitWriter::Commit(const std::vector<PendingCall*>& calls) {
  using KeyValue = std::pair<std::string_view, std::string_view>;
  // Per file: the commit's records in call order, and where each call's records landed.
  std::map<PartitionFile*, std::vector<KeyValue>> frames;
  std::vector<std::vector<size_t>> slots(calls.size());
  for (size_t c = 0; c < calls.size(); ++c) {
    for (const ResolvedRecord& record : calls[c]->records) {
      std::vector<KeyValue>& frame = frames[record.file];
      slots[c].push_back(frame.size());
      frame.emplace_back(record.key, record.value);
    }
  }

  uint64_t commit_seq = ++last_commit_seq_;
  int64_t log_time_micros = absl::ToUnixMicros(absl::Now());
  std::map<PartitionFile*, int64_t> first_offsets;
  for (const auto& [file, records] : frames) {
    first_offsets[file] = file->StageFrame(commit_seq, static_cast<uint32_t>(frames.size()),
                                           records, log_time_micros);
  }
  absl::Status status = absl::OkStatus();
  for (const auto& entry : frames) {
    absl::Status flushed = entry.first->FlushStaged();
    if (status.ok()) status = flushed;
  }
  for (const auto& entry : frames) {
    if (status.ok() && sync_) status = entry.first->Sync();
  }

  if (!status.ok()) {
    absl::Status rolled_back = absl::OkStatus();
    for (const auto& entry : frames) {
      absl::Status cut = entry.first->Rollback();
      if (rolled_back.ok()) rolled_back = cut;
    }
    if (!rolled_back.ok()) {
      absl::MutexLock lock(&mu_);
      broken_ = absl::Status(
          rolled_back.code(),
          absl::StrCat("embedded event log: refusing appends after a failed write could not be "
                       "undone (reopen the log to recover): ",
                       rolled_back.message()));
    }
    for (PendingCall* call : calls) call->result = status;
    return;
  }

  {
    absl::MutexLock lock(&core_->mu);
    for (const auto& entry : frames) entry.first->Publish();
    core_->NotifyLocked();
  }
  for (size_t c = 0; c < calls.size(); ++c) {
    std::vector<RecordPosition> positions;
    positions.reserve(calls[c]->records.size());
    for (size_t r = 0; r < calls[c]->records.size(); ++r) {
      const ResolvedRecord& record = calls[c]->records[r];
      positions.push_back(
          {record.topic_partition, first_offsets[record.file] + static_cast<int64_t>(slots[c][r])});
    }
    calls[c]->result = std::move(positions);
  }
}

}  // namespace stem::eventlog::internal
