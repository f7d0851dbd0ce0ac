// Which command-line flags a request message has: one per field, named from the field in
// kebab case, nested messages with dots (`--ages.min-age`). Derived from the descriptor
// alone, so that every RPC of every linked service gets its flags without code of its own.
#ifndef STEM_TOOLS_CLI_FIELD_FLAGS_H_
#define STEM_TOOLS_CLI_FIELD_FLAGS_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

namespace stem::cli {

enum class FlagKind {
  kScalar,     // string, bytes, numbers: the text as it is
  kBool,       // --flag, --flag=false
  kEnum,       // the value's short name (SCIENCE) or full name, case-insensitive
  kTimestamp,  // RFC 3339 instant
  kDuration,   // 30s, 24h, 1h30m, 7d
  kMap,        // key=value
  kJsonValue,  // another message type: its protobuf JSON
  kJsonItem,   // one element of a repeated message field as protobuf JSON, or a JSON array
};

struct FieldFlag {
  // Without the dashes: "ages.min-age".
  std::string name;
  // From the request down to the field the flag sets.
  std::vector<const google::protobuf::FieldDescriptor*> path;
  FlagKind kind = FlagKind::kScalar;
  // Repeated (and map) fields take the flag several times or a comma-separated list.
  bool repeated = false;
  // For --help: the value's type ("INT64", "ENUM", "KEY=VALUE") and what it takes.
  std::string type_name;
  std::string help;

  const google::protobuf::FieldDescriptor* field() const { return path.back(); }
};

// Every flag of `request`, in field order (nested fields right after their parent's place).
std::vector<FieldFlag> FlagsOf(const google::protobuf::Descriptor* request);

// "municipality_nis_codes" -> "municipality-nis-codes"; "SubmitApplication" ->
// "submit-application".
std::string KebabCase(std::string_view name);

// The name of an enum value without its type's prefix: STEM_DOMAIN_SCIENCE -> SCIENCE.
std::string EnumShortName(const google::protobuf::EnumValueDescriptor* value);

// Flag names `stem` itself uses on every command; a field of the same name gets a
// "field." prefix instead.
bool IsReservedFlagName(std::string_view name);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_FIELD_FLAGS_H_
