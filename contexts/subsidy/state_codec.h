// Reading and writing the subsidy service's records: protobuf messages under keys that all
// start with "subsidy/", so that they never meet the keys of the projectors that run beside
// the subsidy projector in one store (activity, recognition history, partnerships).
#ifndef STEM_CONTEXTS_SUBSIDY_STATE_CODEC_H_
#define STEM_CONTEXTS_SUBSIDY_STATE_CODEC_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message_lite.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/state_bytes.h"

namespace stem::subsidy {

inline constexpr char kKeyPrefix[] = "subsidy/";

template <typename Message>
absl::StatusOr<std::optional<Message>> LoadRecord(const projection::StateReader& state,
                                                  const std::string& key) {
  auto value = state.Get(key);
  if (!value.ok()) return value.status();
  if (!*value) return std::optional<Message>();
  Message message;
  if (!message.ParseFromString(**value)) {
    return absl::DataLossError("unreadable subsidy state under " + key);
  }
  return std::optional<Message>(std::move(message));
}

inline void StoreRecord(projection::Batch& batch, const std::string& key,
                        const google::protobuf::MessageLite& message) {
  batch.Put(key, projection::StateBytes(message));
}

// Visits the records under `prefix` in key order, those after `prefix + after` only when
// `after` is not empty, until `visit` returns false. `visit` gets the key without the
// prefix.
template <typename Message>
absl::Status ScanRecords(const projection::StateReader& state, const std::string& prefix,
                         const std::string& after,
                         const std::function<bool(std::string_view, const Message&)>& visit) {
  absl::Status parse_error;
  absl::Status scanned = state.Scan(prefix, [&](std::string_view key, std::string_view value) {
    const std::string_view rest = key.substr(prefix.size());
    if (!after.empty() && rest <= after) return true;
    Message message;
    if (!message.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      parse_error = absl::DataLossError("unreadable subsidy state under " + std::string(key));
      return false;
    }
    return visit(rest, message);
  });
  return parse_error.ok() ? scanned : parse_error;
}

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_STATE_CODEC_H_
