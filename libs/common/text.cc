#include "libs/common/text.h"

#include <cstdint>
#include <cstdio>
#include <optional>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"

namespace stem {
namespace {

constexpr size_t kMaxQuoted = 64;
constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at `text[*at]` and moves `*at` past it; kInvalid (moving one
// byte) for a byte that does not start a well-formed UTF-8 sequence: overlong forms,
// surrogates and values above U+10FFFF included.
char32_t NextCodePoint(std::string_view text, size_t* at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*at);
  int length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if (lead < 0x80) {
    ++*at;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    ++*at;
    return kInvalid;
  }
  if (*at + length > text.size()) {
    ++*at;
    return kInvalid;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char next = byte(*at + i);
    if ((next & 0xC0) != 0x80) {
      ++*at;
      return kInvalid;
    }
    value = (value << 6) | (next & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    ++*at;
    return kInvalid;
  }
  *at += length;
  return value;
}

bool IsControl(char32_t c) { return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F); }

// Embeddings, overrides and isolates: they reorder what a reader sees (CVE-2021-42574).
bool IsBidiOverride(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool AllowsLayout(TextKind kind) { return kind == TextKind::kNarrative; }

const char* KindName(TextKind kind) {
  switch (kind) {
    case TextKind::kIdentifier:
      return "an identifier";
    case TextKind::kName:
      return "a name or title";
    case TextKind::kEmail:
      return "an e-mail address";
    case TextKind::kNarrative:
      return "a narrative or reason";
  }
  return "text";
}

// The escape of a character that must not reach a terminal raw; nullopt for one that may.
std::optional<std::string> Escape(char32_t c, unsigned char raw_byte) {
  char buffer[16];
  if (c == kInvalid) {
    std::snprintf(buffer, sizeof buffer, "\\x%02x", raw_byte);
    return std::string(buffer);
  }
  if (c == '\n') return std::string("\\n");
  if (c == '\t') return std::string("\\t");
  if (c == '\r') return std::string("\\r");
  if (c < 0x80 && IsControl(c)) {
    std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(c));
    return std::string(buffer);
  }
  if (IsControl(c) || IsBidiOverride(c)) {
    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
    return std::string(buffer);
  }
  return std::nullopt;
}

std::string Escaped(std::string_view text, size_t max_code_points, bool escape_quotes, bool* cut) {
  std::string out;
  size_t at = 0;
  size_t count = 0;
  *cut = false;
  while (at < text.size()) {
    if (count == max_code_points) {
      *cut = true;
      break;
    }
    const size_t start = at;
    const char32_t c = NextCodePoint(text, &at);
    ++count;
    if (auto escape = Escape(c, static_cast<unsigned char>(text[start]))) {
      out += *escape;
    } else if (escape_quotes && (c == '"' || c == '\\')) {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out.append(text.substr(start, at - start));
    }
  }
  return out;
}

}  // namespace

size_t MaxLength(TextKind kind) {
  switch (kind) {
    case TextKind::kIdentifier:
      return 128;
    case TextKind::kName:
      return 200;
    case TextKind::kEmail:
      return 254;
    case TextKind::kNarrative:
      return 4000;
  }
  return 0;
}

absl::Status CheckText(std::string_view text, TextKind kind, std::string_view field) {
  const auto invalid = [&](std::string_view why) {
    return MakeError(absl::StatusCode::kInvalidArgument, "TEXT_INVALID",
                     absl::StrCat(ToAbsl(field), ": ", ToAbsl(why)));
  };
  // Bytes bound code points from above: a text this short cannot be too long.
  const size_t max = MaxLength(kind);
  size_t at = 0;
  size_t count = 0;
  while (at < text.size()) {
    const char32_t c = NextCodePoint(text, &at);
    if (c == kInvalid) return invalid(absl::StrCat("not valid UTF-8 at byte ", at - 1));
    if (++count > max) {
      return invalid(absl::StrCat(KindName(kind), " holds at most ", max, " characters"));
    }
    if (AllowsLayout(kind) && (c == '\n' || c == '\t')) continue;
    if (IsControl(c)) {
      return invalid(
          absl::StrCat("control character U+", absl::Hex(static_cast<uint32_t>(c), absl::kZeroPad4),
                       " at character ", count, AllowsLayout(kind) ? "" : " (one line only)"));
    }
    if (IsBidiOverride(c)) {
      return invalid(absl::StrCat("bidirectional override U+",
                                  absl::Hex(static_cast<uint32_t>(c), absl::kZeroPad4),
                                  " at character ", count));
    }
  }
  return absl::OkStatus();
}

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string Quote(std::string_view text) {
  bool cut = false;
  std::string quoted = "\"" + Escaped(text, kMaxQuoted, /*escape_quotes=*/true, &cut) + "\"";
  if (cut) quoted += "...";
  return quoted;
}

std::string EscapeForTerminal(std::string_view text) {
  bool cut = false;
  return Escaped(text, text.size(), /*escape_quotes=*/false, &cut);
}

std::string ScrubPaths(std::string_view text) {
  constexpr std::string_view kEnds = " \t\n\"',;)]";
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const bool path_start =
        text[at] == '/' && (at == 0 || kEnds.find(text[at - 1]) != std::string_view::npos ||
                            text[at - 1] == '(' || text[at - 1] == '=' || text[at - 1] == ':');
    if (!path_start) {
      out.push_back(text[at++]);
      continue;
    }
    size_t end = text.find_first_of(kEnds, at);
    if (end == std::string_view::npos) end = text.size();
    // "path: detail" - a colon right after the name ends it.
    std::string_view path = text.substr(at, end - at);
    while (!path.empty() && path.back() == ':') path.remove_suffix(1);
    const size_t last_slash = path.rfind('/');
    if (last_slash == 0) {
      out.append(path);  // "/x": nothing to hide
    } else {
      out.append(".../");
      out.append(path.substr(last_slash + 1));
    }
    at += path.size();
  }
  return out;
}

std::optional<char32_t> DecodeCodePoint(std::string_view text, size_t* at) {
  const char32_t c = NextCodePoint(text, at);
  if (c == kInvalid) return std::nullopt;
  return c;
}

}  // namespace stem
