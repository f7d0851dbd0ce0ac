// Flags and JSON -> a request message. Every error here is the user's to fix: callers
// report them as usage errors (exit status 2) before anything is sent.
#ifndef STEM_TOOLS_CLI_REQUEST_PARSER_H_
#define STEM_TOOLS_CLI_REQUEST_PARSER_H_

#include <google/protobuf/message.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace stem::cli {

// The flags given on the command line: the flag's name without dashes ("ages.min-age") ->
// its values in the order given.
using FlagValues = std::map<std::string, std::vector<std::string>>;

// Merges protobuf JSON (field names in lowerCamelCase or as in the .proto; enums by full
// name) into `request`. Unknown fields are errors: a typo must not go unnoticed.
absl::Status MergeJson(std::string_view json, google::protobuf::Message& request);

// The text of the file a flag names (`--json-file`, an import's `--csv`); "-" reads standard
// input. The error names the flag.
absl::StatusOr<std::string> ReadFileArgument(const std::string& flag, const std::string& path);

// Sets the fields the flags name (field_flags.h) on `request`, over whatever JSON set: a
// flag given for a repeated or map field replaces the field's JSON values. A scalar flag
// given twice takes the last value.
absl::Status ApplyFlags(const FlagValues& flags, google::protobuf::Message& request);

// An enum value from its short name (SCIENCE), full name (STEM_DOMAIN_SCIENCE) or number,
// case-insensitive.
absl::StatusOr<int> ParseEnumValue(const google::protobuf::EnumDescriptor* type,
                                   std::string_view text);

// When `request` has an empty top-level `request_id`, sets a new UUID v4 and returns it.
std::optional<std::string> EnsureRequestId(google::protobuf::Message& request);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_REQUEST_PARSER_H_
