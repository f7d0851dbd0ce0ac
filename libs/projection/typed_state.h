// Protobuf records in projected state, read as input: a record that does not parse is
// DATA_LOSS naming its key, never a default message. A scan's visitor answers with a
// status, so that an error it meets (a record it cannot use, a lookup that failed) ends the
// scan and comes back as the scan's result instead of being carried out through a captured
// variable.
#ifndef STEM_LIBS_PROJECTION_TYPED_STATE_H_
#define STEM_LIBS_PROJECTION_TYPED_STATE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "google/protobuf/message_lite.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/state_bytes.h"

namespace stem::projection {

namespace internal {
// Keys may hold bytes no log line should carry (the command guard's use NUL separators).
inline absl::Status Unreadable(std::string_view key) {
  return absl::DataLossError("unreadable state under " +
                             absl::CHexEscape(absl::string_view(key.data(), key.size())));
}
}  // namespace internal

// What a visitor wants next; an error instead ends the scan with that error.
enum class Visit { kContinue, kStop };

template <typename Message>
using MessageVisitor = std::function<absl::StatusOr<Visit>(std::string_view key, const Message&)>;

// The visitor of a context's own scans (ScanApplications, ScanActivities, ...), which know
// what their keys mean.
template <typename Value>
using Visitor = std::function<absl::StatusOr<Visit>(const Value&)>;

// The message under `key`, or nullopt when there is none.
template <typename Message>
absl::StatusOr<std::optional<Message>> LoadMessage(const StateReader& state, std::string_view key) {
  absl::StatusOr<std::optional<std::string>> value = state.Get(key);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::optional<Message>();
  Message message;
  if (!message.ParseFromString(**value)) {
    return internal::Unreadable(key);
  }
  return std::optional<Message>(std::move(message));
}

// Visits the messages under `prefix` in key order - only those whose key, without the
// prefix, sorts after `after` when `after` is not empty (a page token) - until `visit`
// stops or fails. `visit` gets the key without the prefix.
template <typename Message>
absl::Status ScanMessages(const StateReader& state, std::string_view prefix,
                          const MessageVisitor<Message>& visit, std::string_view after = {}) {
  absl::Status failed;
  absl::Status scanned = state.Scan(prefix, [&](std::string_view key, std::string_view value) {
    const std::string_view rest = key.substr(prefix.size());
    if (!after.empty() && rest <= after) return true;
    Message message;
    if (!message.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      failed = internal::Unreadable(key);
      return false;
    }
    absl::StatusOr<Visit> next = visit(rest, message);
    if (!next.ok()) {
      failed = next.status();
      return false;
    }
    return *next == Visit::kContinue;
  });
  return failed.ok() ? scanned : failed;
}

inline void StoreMessage(Batch& batch, std::string_view key,
                         const google::protobuf::MessageLite& message) {
  batch.Put(key, StateBytes(message));
}

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_TYPED_STATE_H_
