// The process's log: one JSON object per line on stderr, through spdlog (Debian's), so that
// a log collector reads every field without a parser of our own. A line is
//   {"time":"2026-12-07T10:00:00.123456Z","level":"info","message":"...", <fields>}
// Text is escaped for JSON (control characters, and bytes that are not UTF-8 become U+FFFD),
// so no caller-supplied string can break a line or forge another. Never log a token, a key
// or a payload.
#ifndef STEM_LIBS_COMMON_LOG_H_
#define STEM_LIBS_COMMON_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/statusor.h"

namespace stem::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// "debug", "info", "warning" or "error".
absl::StatusOr<Level> ParseLevel(std::string_view name);
// Lines below `minimum` are dropped (default: info).
void SetLevel(Level minimum);
bool Enabled(Level level);

struct Field {
  Field(std::string_view name, std::string_view text) : key(name), value(text) {}
  Field(std::string_view name, const std::string& text)
      : key(name), value(std::string_view(text)) {}
  Field(std::string_view name, const char* text) : key(name), value(std::string_view(text)) {}
  Field(std::string_view name, int64_t number) : key(name), value(number) {}
  Field(std::string_view name, int number) : key(name), value(int64_t{number}) {}
  Field(std::string_view name, double number) : key(name), value(number) {}
  Field(std::string_view name, bool flag) : key(name), value(flag) {}

  std::string_view key;
  std::variant<std::string_view, int64_t, double, bool> value;
};

// The line Write would write, without the time (for tests).
std::string FormatLine(Level level, std::string_view message, std::initializer_list<Field> fields);

void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});
inline void Info(std::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warning(std::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarning, message, fields);
}
inline void Error(std::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, message, fields);
}

// `text` as a JSON string literal, quotes included.
std::string JsonString(std::string_view text);

}  // namespace stem::log

#endif  // STEM_LIBS_COMMON_LOG_H_
