#include "libs/eventlog/internal/embedded_crc32c.h"

#include <array>
#include <cstddef>

namespace stem::eventlog::internal {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78U;  // Castagnoli, reflected.

using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables MakeTables() {
  Tables tables{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1U) != 0 ? (crc >> 1) ^ kPolynomial : crc >> 1;
    }
    tables[0][i] = crc;
  }
  for (size_t t = 1; t < tables.size(); ++t) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t previous = tables[t - 1][i];
      tables[t][i] = (previous >> 8) ^ tables[0][previous & 0xFFU];
    }
  }
  return tables;
}

constexpr Tables kTables = MakeTables();

uint32_t Byte(std::string_view data, size_t i) { return static_cast<unsigned char>(data[i]); }

}  // namespace

uint32_t ExtendCrc32c(uint32_t crc, std::string_view data) {
  uint32_t state = ~crc;
  size_t i = 0;
  // Eight bytes per step: the tables fold each byte's contribution at its distance.
  for (; i + 8 <= data.size(); i += 8) {
    uint32_t low = state ^ (Byte(data, i) | Byte(data, i + 1) << 8 | Byte(data, i + 2) << 16 |
                            Byte(data, i + 3) << 24);
    state = kTables[7][low & 0xFFU] ^ kTables[6][(low >> 8) & 0xFFU] ^
            kTables[5][(low >> 16) & 0xFFU] ^ kTables[4][low >> 24] ^
            kTables[3][Byte(data, i + 4)] ^ kTables[2][Byte(data, i + 5)] ^
            kTables[1][Byte(data, i + 6)] ^ kTables[0][Byte(data, i + 7)];
  }
  for (; i < data.size(); ++i) {
    state = (state >> 8) ^ kTables[0][(state ^ Byte(data, i)) & 0xFFU];
  }
  return ~state;
}

}  // namespace stem::eventlog::internal
