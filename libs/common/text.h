// Text that a caller sends (rulebook section 1, "Text"): valid UTF-8 without control
// characters (C0, C1, DEL) or bidirectional overrides, within a length per kind of field.
// Narratives and reasons may hold newlines and tabs; nothing else may. Everything that
// quotes a caller's text back in an error message goes through Quote, so that a message
// never carries more than 64 of the caller's characters, nor any control character.
#ifndef STEM_LIBS_COMMON_TEXT_H_
#define STEM_LIBS_COMMON_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace stem {

enum class TextKind {
  // Ids, codes, dates, tokens: one line, at most 128 characters.
  kIdentifier,
  // Names and titles: one line, at most 200 characters.
  kName,
  // E-mail addresses: one line, at most 254 characters.
  kEmail,
  // Narratives, descriptions, notes and reasons: newlines and tabs allowed, at most 4,000
  // characters.
  kNarrative,
};

// The most characters (code points) a text of `kind` may hold.
size_t MaxLength(TextKind kind);

// INVALID_ARGUMENT with reason TEXT_INVALID when `text` is not valid UTF-8, holds a
// character not allowed in `kind`, or is longer than MaxLength(kind). `field` names the
// field in the message (e.g. "sessions[2].date").
absl::Status CheckText(std::string_view text, TextKind kind, std::string_view field);

// Decodes the code point at `text[*at]` (which must be inside `text`) and moves `*at` past
// it; nullopt, moving one byte, for a byte that does not start a well-formed UTF-8 sequence
// (overlong forms, surrogates and values above U+10FFFF included).
std::optional<char32_t> DecodeCodePoint(std::string_view text, size_t* at);

// The number of code points of valid UTF-8 `text` (bytes that do not start a code point
// are not counted).
size_t CodePoints(std::string_view text);

// `text` fit to quote in a message: in double quotes, at most 64 characters of it, control
// characters, bidirectional overrides and invalid bytes escaped (\n, \x1b, \u202e), "..."
// when it was cut.
std::string Quote(std::string_view text);

// `text` with what a terminal would interpret escaped as in Quote, without quotes or cut:
// for printing stored text (e.g. an academy's name) in a table.
std::string EscapeForTerminal(std::string_view text);

// `text` with every absolute file path ("/var/lib/stem/data/recognition/000012.log") cut to
// its last part (".../000012.log"): what a server says to a client never shows where its
// files are.
std::string ScrubPaths(std::string_view text);

}  // namespace stem

#endif  // STEM_LIBS_COMMON_TEXT_H_
