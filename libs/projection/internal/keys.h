// The store's key layout (projection_store.h): one namespace byte in front of every key,
// big-endian integers so that positions sort by partition.
#ifndef STEM_LIBS_PROJECTION_INTERNAL_KEYS_H_
#define STEM_LIBS_PROJECTION_INTERNAL_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libs/eventlog/event_log.h"

namespace stem::projection::internal {

// 'a' held applied event ids until layout 2 (projection_store.h): not to be reused.
inline constexpr char kPositionPrefix = 'p';
inline constexpr char kQuarantinePrefix = 'q';
inline constexpr char kStatePrefix = 's';

std::string StateKey(std::string_view key);

// Kafka topic names never hold '\0'; a topic that does cannot be encoded (nullopt).
std::optional<std::string> PositionKey(const eventlog::TopicPartition& tp);
std::optional<eventlog::TopicPartition> DecodePositionKey(std::string_view raw_key);

// Where a fact set aside lies: 'q', the position key's topic and partition, the offset.
std::optional<std::string> QuarantineKey(const eventlog::RecordPosition& position);

std::string EncodeOffset(int64_t offset);
std::optional<int64_t> DecodeOffset(std::string_view value);

void AppendBigEndian64(uint64_t value, std::string& out);
// LP(x) of the checksum: the length as big-endian 64 bits, then the bytes.
void AppendLengthPrefixed(std::string_view bytes, std::string& out);

}  // namespace stem::projection::internal

#endif  // STEM_LIBS_PROJECTION_INTERNAL_KEYS_H_
