#include "libs/common/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/common/text.h"

namespace stem::log {
namespace {

std::atomic<Level> minimum_level{Level::kInfo};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

spdlog::logger& Logger() {
  static spdlog::logger* const logger = [] {
    auto* created = new spdlog::logger("stem", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    created->set_pattern("%v");
    created->set_level(spdlog::level::trace);
    created->flush_on(spdlog::level::trace);
    return created;
  }();
  return *logger;
}

}  // namespace

absl::StatusOr<Level> ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "info") return Level::kInfo;
  if (name == "warning") return Level::kWarning;
  if (name == "error") return Level::kError;
  return absl::InvalidArgumentError(
      absl::StrCat("log level ", JsonString(name), ": expected debug, info, warning or error"));
}

void SetLevel(Level minimum) { minimum_level = minimum; }

bool Enabled(Level level) { return level >= minimum_level.load(); }

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (size_t at = 0; at < text.size();) {
    const size_t start = at;
    const std::optional<char32_t> c = DecodeCodePoint(text, &at);
    if (!c.has_value()) {
      out += "\\ufffd";
    } else if (*c == '"') {
      out += "\\\"";
    } else if (*c == '\\') {
      out += "\\\\";
    } else if (*c == '\n') {
      out += "\\n";
    } else if (*c == '\t') {
      out += "\\t";
    } else if (*c < 0x20 || (*c >= 0x7F && *c <= 0x9F)) {
      out += absl::StrFormat("\\u%04x", static_cast<unsigned>(*c));
    } else {
      out.append(text.substr(start, at - start));
    }
  }
  out += "\"";
  return out;
}

std::string FormatLine(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::string line =
      absl::StrCat("\"level\":\"", LevelName(level), "\",\"message\":", JsonString(message));
  for (const Field& field : fields) {
    absl::StrAppend(&line, ",", JsonString(field.key), ":");
    if (const auto* text = std::get_if<std::string_view>(&field.value)) {
      line += JsonString(*text);
    } else if (const auto* number = std::get_if<int64_t>(&field.value)) {
      absl::StrAppend(&line, *number);
    } else if (const auto* real = std::get_if<double>(&field.value)) {
      absl::StrAppend(&line, std::isfinite(*real) ? absl::StrFormat("%.6g", *real) : "null");
    } else if (const auto* flag = std::get_if<bool>(&field.value)) {
      line += *flag ? "true" : "false";
    }
  }
  return line;
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  const std::string time =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  Logger().info("{{\"time\":\"{}\",{}}}", time, FormatLine(level, message, fields));
}

}  // namespace stem::log
