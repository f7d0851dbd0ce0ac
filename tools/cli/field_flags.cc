#include "tools/cli/field_flags.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_compat.h"

namespace stem::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;

// Deep enough for every request of the suite; it stops recursive message types.
constexpr int kMaxDepth = 4;

bool IsWellKnown(const Descriptor* type) {
  return absl::StartsWith(ToAbsl(type->full_name()), "google.protobuf.");
}

std::string UpperSnake(std::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    const char c = camel[i];
    if (i > 0 && std::isupper(static_cast<unsigned char>(c))) out.push_back('_');
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string EnumChoices(const EnumDescriptor* type) {
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;  // *_UNSPECIFIED: "not given"
    names.push_back(EnumShortName(type->value(i)));
  }
  return absl::StrJoin(names, ", ");
}

// What a field's name says about its values (the suite's naming conventions); the
// descriptors of generated code carry no comments.
std::string NamingHint(const FieldDescriptor* field) {
  const std::string& name = field->name();
  const auto ends = [&name](const char* suffix) { return absl::EndsWith(name, suffix); };
  if (name == "request_id") return "idempotency key; generated when not given";
  if (name == "expected_version") return "refused when the record has moved past it";
  if (name == "page_token") return "next_page_token of the previous page";
  if (ends("_cents")) return "euro cents";
  if (name == "kbo" || ends("_kbo") || ends("_kbos")) {
    return "KBO number: 0123.456.749, 0123456749 or BE0123456749";
  }
  if (ends("nis_code") || ends("nis_codes")) return "NIS code";
  if (ends("_time")) return "HH:MM";
  if (ends("_at") || ends("_deadline")) return "RFC 3339 instant, e.g. 2019-03-01T09:00:00Z";
  if (name == "date" || ends("_date") || ends("_day") || ends("_on") || ends("_from") ||
      ends("_until") || ends("_start") || ends("_end")) {
    return "ISO date YYYY-MM-DD";
  }
  return "";
}

std::string TypeName(const FieldDescriptor* field, FlagKind kind) {
  switch (kind) {
    case FlagKind::kBool:
      return "";  // a flag: CLI11 shows none
    case FlagKind::kEnum:
      return "ENUM";
    case FlagKind::kTimestamp:
      return "INSTANT";
    case FlagKind::kDuration:
      return "DURATION";
    case FlagKind::kMap:
      return "KEY=VALUE";
    case FlagKind::kJsonValue:
    case FlagKind::kJsonItem:
      return "JSON";
    case FlagKind::kScalar:
      break;
  }
  return absl::AsciiStrToUpper(ToAbsl(field->type_name()));
}

std::string Help(const FieldDescriptor* field, const std::string& flag_name, FlagKind kind,
                 bool repeated) {
  std::vector<std::string> parts;
  switch (kind) {
    case FlagKind::kEnum:
      parts.push_back(field->enum_type()->name() + ": " + EnumChoices(field->enum_type()));
      break;
    case FlagKind::kTimestamp:
      parts.push_back("RFC 3339 instant, e.g. 2019-03-01T09:00:00Z");
      break;
    case FlagKind::kDuration:
      parts.push_back("e.g. 90s, 30m, 24h, 7d");
      break;
    case FlagKind::kMap:
      parts.push_back("map<" + std::string(field->message_type()->field(0)->type_name()) + ", " +
                      field->message_type()->field(1)->type_name() + ">");
      break;
    case FlagKind::kJsonValue:
      parts.push_back(field->message_type()->name() + " as protobuf JSON");
      break;
    case FlagKind::kJsonItem:
      parts.push_back("one " + field->message_type()->name() +
                      " as protobuf JSON per flag, or a JSON array");
      break;
    case FlagKind::kBool:
      parts.push_back("true when given; --" + flag_name + "=false for false");
      break;
    case FlagKind::kScalar:
      break;  // the type name says it all
  }
  if (const std::string hint = NamingHint(field); !hint.empty()) parts.push_back(hint);
  if (repeated && kind != FlagKind::kJsonItem) parts.push_back("repeat or comma-separate");
  if (field->has_presence() && field->real_containing_oneof() == nullptr &&
      field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    parts.push_back("optional");
  }
  if (const auto* oneof = field->real_containing_oneof(); oneof != nullptr) {
    std::vector<std::string> names;
    for (int i = 0; i < oneof->field_count(); ++i) {
      names.push_back("--" + KebabCase(oneof->field(i)->name()));
    }
    parts.push_back("one of " + absl::StrJoin(names, ", "));
  }
  return absl::StrJoin(parts, "; ");
}

void Flatten(const Descriptor* type, const std::string& prefix,
             std::vector<const FieldDescriptor*> path, int depth, std::vector<FieldFlag>& out) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    std::vector<const FieldDescriptor*> field_path = path;
    field_path.push_back(field);
    std::string name = prefix + KebabCase(field->name());
    if (prefix.empty() && IsReservedFlagName(name)) name = "field." + name;

    FlagKind kind = FlagKind::kScalar;
    if (field->is_map()) {
      kind = FlagKind::kMap;
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Descriptor* message = field->message_type();
      if (field->is_repeated()) {
        kind = FlagKind::kJsonItem;
      } else if (message->full_name() == "google.protobuf.Timestamp") {
        kind = FlagKind::kTimestamp;
      } else if (message->full_name() == "google.protobuf.Duration") {
        kind = FlagKind::kDuration;
      } else if (IsWellKnown(message) || depth + 1 >= kMaxDepth) {
        kind = FlagKind::kJsonValue;
      } else {
        Flatten(message, name + ".", field_path, depth + 1, out);
        continue;
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      kind = FlagKind::kEnum;
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL && !field->is_repeated()) {
      kind = FlagKind::kBool;
    }
    FieldFlag flag;
    flag.name = std::move(name);
    flag.path = std::move(field_path);
    flag.kind = kind;
    flag.repeated = field->is_repeated();
    flag.type_name = TypeName(field, kind);
    flag.help = Help(field, flag.name, kind, flag.repeated);
    out.push_back(std::move(flag));
  }
}

}  // namespace

std::vector<FieldFlag> FlagsOf(const Descriptor* request) {
  std::vector<FieldFlag> flags;
  Flatten(request, "", {}, 0, flags);
  return flags;
}

std::string KebabCase(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '_') {
      out.push_back('-');
    } else if (std::isupper(static_cast<unsigned char>(c))) {
      if (i > 0 && name[i - 1] != '_') out.push_back('-');
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string EnumShortName(const google::protobuf::EnumValueDescriptor* value) {
  // The style guide's prefix is the type's name in upper snake case (STEM_DOMAIN_); fall
  // back to the prefix all values share, up to an underscore.
  const EnumDescriptor* type = value->type();
  std::string prefix = UpperSnake(type->name()) + "_";
  bool all_have_it = true;
  for (int i = 0; i < type->value_count(); ++i) {
    all_have_it = all_have_it && absl::StartsWith(ToAbsl(type->value(i)->name()), prefix);
  }
  if (!all_have_it) {
    prefix = type->value(0)->name();
    for (int i = 1; i < type->value_count(); ++i) {
      const std::string& other = type->value(i)->name();
      size_t common = 0;
      while (common < prefix.size() && common < other.size() && prefix[common] == other[common]) {
        ++common;
      }
      prefix.resize(common);
    }
    const size_t underscore = prefix.rfind('_');
    prefix.resize(underscore == std::string::npos ? 0 : underscore + 1);
  }
  const std::string& name = value->name();
  if (prefix.empty() || prefix.size() >= name.size()) return name;
  return name.substr(prefix.size());
}

bool IsReservedFlagName(std::string_view name) {
  static constexpr std::string_view kReserved[] = {
      "help", "json", "json-file", "server", "token",   "cert",
      "key",  "ca",   "timeout",   "output", "version",
  };
  for (std::string_view reserved : kReserved) {
    if (name == reserved) return true;
  }
  return false;
}

}  // namespace stem::cli
