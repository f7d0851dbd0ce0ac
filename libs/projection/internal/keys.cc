#include "libs/projection/internal/keys.h"

namespace stem::projection::internal {
namespace {

void AppendBigEndian32(uint32_t value, std::string& out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (char byte : bytes) value = (value << 8) | static_cast<unsigned char>(byte);
  return value;
}

}  // namespace

std::string StateKey(std::string_view key) {
  std::string raw(1, kStatePrefix);
  raw.append(key);
  return raw;
}

std::optional<std::string> PositionKey(const eventlog::TopicPartition& tp) {
  if (tp.topic.find('\0') != std::string::npos || tp.partition < 0) return std::nullopt;
  std::string raw(1, kPositionPrefix);
  raw.append(tp.topic);
  raw.push_back('\0');
  AppendBigEndian32(static_cast<uint32_t>(tp.partition), raw);
  return raw;
}

std::optional<eventlog::TopicPartition> DecodePositionKey(std::string_view raw_key) {
  // prefix, topic, '\0', 4 bytes of partition.
  if (raw_key.size() < 6 || raw_key.front() != kPositionPrefix) return std::nullopt;
  const size_t separator = raw_key.size() - 5;
  if (raw_key[separator] != '\0') return std::nullopt;
  std::string_view topic = raw_key.substr(1, separator - 1);
  if (topic.find('\0') != std::string_view::npos) return std::nullopt;
  const uint64_t partition = ReadBigEndian(raw_key.substr(separator + 1));
  if (partition > 0x7fffffffU) return std::nullopt;
  return eventlog::TopicPartition{std::string(topic), static_cast<int32_t>(partition)};
}

std::optional<std::string> QuarantineKey(const eventlog::RecordPosition& position) {
  std::optional<std::string> key = PositionKey(position.topic_partition);
  if (!key.has_value() || position.offset < 0) return std::nullopt;
  (*key)[0] = kQuarantinePrefix;
  AppendBigEndian64(static_cast<uint64_t>(position.offset), *key);
  return key;
}

std::string EncodeOffset(int64_t offset) {
  std::string out;
  AppendBigEndian64(static_cast<uint64_t>(offset), out);
  return out;
}

std::optional<int64_t> DecodeOffset(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  const uint64_t offset = ReadBigEndian(value);
  if (offset > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(offset);
}

void AppendBigEndian64(uint64_t value, std::string& out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

void AppendLengthPrefixed(std::string_view bytes, std::string& out) {
  AppendBigEndian64(bytes.size(), out);
  out.append(bytes);
}

}  // namespace stem::projection::internal
