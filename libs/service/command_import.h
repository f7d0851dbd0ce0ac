// The frame of a bulk import RPC (a bidirectional stream of commands and their answers):
// the caller is authenticated once, items are taken as they arrive in batches, each item is
// bound to its command by the same definition its own RPC uses (command_frame.h), and each
// batch is executed by CommandProcessor::ExecuteBatch. Answers go back in the order sent.
//
// A hostile stream cannot flood the process: at most max_batch items and max_queued_bytes
// wait to be decided (the reader stops reading, and gRPC's flow control stops the sender),
// every item passes the field limits of a request, and each batch is bounded by the call's
// deadline capped by the server's (rpc::CallDeadline), so a long import is not cut at the
// cap while one stuck batch is.
#ifndef STEM_LIBS_SERVICE_COMMAND_IMPORT_H_
#define STEM_LIBS_SERVICE_COMMAND_IMPORT_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/common/error.h"
#include "libs/events/field_limits.h"
#include "libs/rpc/server.h"
#include "libs/rpc/status.h"
#include "libs/service/call.h"
#include "libs/service/command_frame.h"

namespace stem::service {

struct ImportOptions {
  size_t max_batch = 1024;
  size_t max_queued_bytes = size_t{16} << 20;
  // Before each batch is bound (e.g. BackgroundProjection::WaitForAllTopics for commands
  // that depend on other contexts' facts); its error answers every item of the batch. When
  // set and OK, the batch's calls are marked Call::caught_up_with_all_topics.
  std::function<absl::Status(absl::Time deadline)> before_batch;
};

// Binds one item to its command; fills `answer`'s result when the command is answered.
// INVALID_ARGUMENT COMMAND_MISSING for an item that names none.
template <typename Item, typename Answer>
using ImportBinder =
    std::function<absl::StatusOr<BoundCommand>(const Call& call, const Item& item, Answer& answer)>;

namespace internal {

// What the stream's reader thread hands to the handler: the items that arrived, in order,
// within the queue's bounds.
template <typename Item>
class ImportQueue {
 public:
  ImportQueue(size_t max_items, size_t max_bytes) : max_items_(max_items), max_bytes_(max_bytes) {}

  // The reader: blocks while the queue is full; false once the handler has stopped.
  bool Push(Item item) {
    const size_t bytes = item.ByteSizeLong();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return stopped_ || items_.empty() ||
             (items_.size() < max_items_ && bytes_ + bytes <= max_bytes_);
    });
    if (stopped_) return false;
    bytes_ += bytes;
    items_.push_back({std::move(item), bytes});
    changed_.notify_all();
    return true;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  // The handler: the items waiting (at least one), or none once the stream has ended.
  std::vector<Item> TakeBatch() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !items_.empty(); });
    std::vector<Item> batch;
    while (!items_.empty() && batch.size() < max_items_) {
      bytes_ -= items_.front().bytes;
      batch.push_back(std::move(items_.front().item));
      items_.pop_front();
    }
    changed_.notify_all();
    return batch;
  }

 private:
  struct Queued {
    Item item;
    size_t bytes = 0;
  };
  const size_t max_items_;
  const size_t max_bytes_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Queued> items_;
  size_t bytes_ = 0;
  bool closed_ = false;
  bool stopped_ = false;
};

}  // namespace internal

template <typename Item, typename Answer>
grpc::Status ServeImport(const rpc::Authenticator& authenticator, grpc::ServerContext* context,
                         grpc::ServerReaderWriter<Answer, Item>* stream,
                         std::initializer_list<identity::v1::ActorRole> allowed,
                         CommandProcessor& processor, const ImportOptions& options,
                         const ImportBinder<Item, Answer>& bind) {
  auto principal = authenticator.Authenticate(*context);
  if (!principal.ok()) return rpc::ToGrpcStatus(principal.status());
  if (absl::Status role = rpc::RequireRole(*principal, allowed); !role.ok()) {
    return rpc::ToGrpcStatus(role);
  }
  internal::ImportQueue<Item> queue(options.max_batch, options.max_queued_bytes);
  std::thread reader([&] {
    Item item;
    while (stream->Read(&item)) {
      if (!queue.Push(std::move(item))) return;
      item = Item();
    }
    queue.Close();
  });
  grpc::Status ended = grpc::Status::OK;
  int64_t next_index = 0;
  for (std::vector<Item> items = queue.TakeBatch(); !items.empty(); items = queue.TakeBatch()) {
    Call call = CallFor(*context, *principal);
    if (context->IsCancelled() || call.deadline <= absl::Now()) {
      ended = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                           "the import was cancelled or its deadline has passed");
      break;
    }
    absl::Status before = absl::OkStatus();
    if (options.before_batch) {
      before = options.before_batch(call.deadline);
      call.caught_up_with_all_topics = before.ok();
    }
    std::vector<Answer> answers(items.size());
    std::vector<absl::Status> errors(items.size());
    std::vector<BoundCommand> bound;
    std::vector<size_t> bound_items;
    for (size_t i = 0; i < items.size(); ++i) {
      answers[i].set_index(next_index + static_cast<int64_t>(i));
      if (!before.ok()) {
        errors[i] = before;
        continue;
      }
      if (absl::Status limits = events::CheckFieldLimits(items[i], events::kRequestLimits);
          !limits.ok()) {
        errors[i] = limits;
        continue;
      }
      absl::StatusOr<BoundCommand> command = bind(call, items[i], answers[i]);
      if (!command.ok()) {
        errors[i] = command.status();
        continue;
      }
      bound.push_back(*std::move(command));
      bound_items.push_back(i);
    }
    std::vector<BatchCommand> commands;
    commands.reserve(bound.size());
    for (BoundCommand& command : bound) commands.push_back(std::move(command.command));
    std::vector<absl::StatusOr<CommandOutcome>> outcomes =
        processor.ExecuteBatch(commands, call.deadline);
    for (size_t k = 0; k < bound.size(); ++k) {
      const size_t i = bound_items[k];
      errors[i] = outcomes[k].ok() ? bound[k].answer(*outcomes[k]) : outcomes[k].status();
      if (errors[i].ok()) {
        answers[i].set_consistency_token(FormatLogPositions(outcomes[k]->applied_through));
      }
    }
    bool written = true;
    for (size_t i = 0; i < items.size() && written; ++i) {
      // An answer is the whole response or none of it.
      if (!errors[i].ok()) answers[i].clear_result();
      *answers[i].mutable_status() = rpc::ToRpcStatus(errors[i]);
      written = stream->Write(answers[i]);
    }
    next_index += static_cast<int64_t>(items.size());
    if (!written) {
      ended = grpc::Status(grpc::StatusCode::CANCELLED, "the client stopped reading the answers");
      break;
    }
  }
  queue.Stop();
  // The reader may wait in Read for an item that never comes: cancelling the call ends it.
  if (!ended.ok()) context->TryCancel();
  reader.join();
  return ended;
}

// The item that names no command.
inline absl::Status CommandMissing() {
  return MakeError(absl::StatusCode::kInvalidArgument, "COMMAND_MISSING",
                   "the import item names no command");
}

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_COMMAND_IMPORT_H_
