// CRC-32C (Castagnoli), the checksum of the embedded log's frames. Debian's Abseil predates
// absl/crc, so this is a small table-driven (slicing-by-8) implementation.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_CRC32C_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace stem::eventlog::internal {

// Continues `crc` (the result of an earlier call, or 0 to start) over `data`.
uint32_t ExtendCrc32c(uint32_t crc, std::string_view data);

inline uint32_t Crc32c(std::string_view data) { return ExtendCrc32c(0, data); }

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_CRC32C_H_
