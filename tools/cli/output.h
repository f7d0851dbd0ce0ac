// Responses as people read them (--output table, the default) or as scripts read them
// (--output json: protobuf JSON with every field present, stable across versions).
//
// Table: the first repeated message field of the response becomes a table, one row per
// element; every other field is a `key: value` line (nested messages indented, lists as
// "- " items). Values as field_text.h writes them (enums short, money in euros); the table
// as table.h draws it.
#ifndef STEM_TOOLS_CLI_OUTPUT_H_
#define STEM_TOOLS_CLI_OUTPUT_H_

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stem::cli {

enum class OutputFormat { kTable, kJson };

// "table" or "json".
absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text);

std::string Render(const google::protobuf::Message& response, OutputFormat format);

std::string RenderJson(const google::protobuf::Message& response);
// The same JSON on one line (ending in a newline): one message of a stream (JSON Lines).
std::string RenderJsonLine(const google::protobuf::Message& response);
std::string RenderTable(const google::protobuf::Message& response);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_OUTPUT_H_
