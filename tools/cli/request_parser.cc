#include "tools/cli/request_parser.h"

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "libs/common/absl_compat.h"
#include "libs/events/event_factory.h"
#include "tools/cli/field_flags.h"

namespace stem::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status Bad(const FieldFlag& flag, const std::string& message) {
  return absl::InvalidArgumentError("--" + flag.name + ": " + message);
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string Strip(std::string_view text) {
  return std::string(FromAbsl(absl::StripAsciiWhitespace(ToAbsl(text))));
}

// The values a flag gives, one per field element: the last for a singular field; each
// comma-separated piece for a repeated one (but whole JSON items).
std::vector<std::string> Pieces(const FieldFlag& flag, const std::vector<std::string>& raw) {
  if (!flag.repeated) return {raw.back()};
  if (flag.kind == FlagKind::kJsonItem) return raw;
  std::vector<std::string> pieces;
  for (const std::string& value : raw) {
    for (absl::string_view piece : absl::StrSplit(value, ',')) {
      std::string stripped = Strip(FromAbsl(piece));
      if (!stripped.empty()) pieces.push_back(std::move(stripped));
    }
  }
  return pieces;
}

// The message that holds the flag's field, made on the way down.
Message& Holder(Message& request, const FieldFlag& flag) {
  Message* message = &request;
  for (size_t i = 0; i + 1 < flag.path.size(); ++i) {
    message = message->GetReflection()->MutableMessage(message, flag.path[i]);
  }
  return *message;
}

std::optional<bool> ParseBool(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(text));
  if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
  return std::nullopt;
}

template <typename T>
absl::StatusOr<T> ParseNumber(const FieldFlag& flag, std::string_view text, const char* what) {
  T value{};
  if (!absl::SimpleAtoi(ToAbsl(text), &value)) {
    return Bad(flag, Quoted(text) + " is not " + what);
  }
  return value;
}

// Sets (or, for a repeated field, adds) one value of a scalar or enum field.
absl::Status SetValue(const FieldFlag& flag, Message& message, const FieldDescriptor* field,
                      std::string_view text) {
  const Reflection* reflection = message.GetReflection();
  const bool add = field->is_repeated();
  switch (field->cpp_type()) {
#define STEM_CLI_SET_NUMBER(CPPTYPE, TYPE, METHOD, WHAT)    \
  case FieldDescriptor::CPPTYPE: {                          \
    auto value = ParseNumber<TYPE>(flag, text, WHAT);       \
    if (!value.ok()) return value.status();                 \
    add ? reflection->Add##METHOD(&message, field, *value)  \
        : reflection->Set##METHOD(&message, field, *value); \
    return absl::OkStatus();                                \
  }
    STEM_CLI_SET_NUMBER(CPPTYPE_INT32, int32_t, Int32, "a whole number (int32)")
    STEM_CLI_SET_NUMBER(CPPTYPE_INT64, int64_t, Int64, "a whole number (int64)")
    STEM_CLI_SET_NUMBER(CPPTYPE_UINT32, uint32_t, UInt32, "a whole number >= 0 (uint32)")
    STEM_CLI_SET_NUMBER(CPPTYPE_UINT64, uint64_t, UInt64, "a whole number >= 0 (uint64)")
#undef STEM_CLI_SET_NUMBER
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double value = 0;
      if (!absl::SimpleAtod(ToAbsl(text), &value)) {
        return Bad(flag, Quoted(text) + " is not a number");
      }
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
        const auto narrow = static_cast<float>(value);
        add ? reflection->AddFloat(&message, field, narrow)
            : reflection->SetFloat(&message, field, narrow);
      } else {
        add ? reflection->AddDouble(&message, field, value)
            : reflection->SetDouble(&message, field, value);
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::optional<bool> value = ParseBool(text);
      if (!value) return Bad(flag, Quoted(text) + " is not true or false");
      add ? reflection->AddBool(&message, field, *value)
          : reflection->SetBool(&message, field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const absl::StatusOr<int> value = ParseEnumValue(field->enum_type(), text);
      if (!value.ok()) return Bad(flag, std::string(FromAbsl(value.status().message())));
      add ? reflection->AddEnumValue(&message, field, *value)
          : reflection->SetEnumValue(&message, field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING:
      add ? reflection->AddString(&message, field, std::string(text))
          : reflection->SetString(&message, field, std::string(text));
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return Bad(flag, "a " + field->message_type()->name() + " is given as JSON");
}

absl::StatusOr<google::protobuf::Duration> ParseDurationValue(const FieldFlag& flag,
                                                              std::string_view text) {
  absl::Duration duration;
  int64_t days = 0;
  if (absl::EndsWith(ToAbsl(text), "d") &&
      absl::SimpleAtoi(ToAbsl(text.substr(0, text.size() - 1)), &days)) {
    duration = absl::Hours(24) * days;
  } else if (!absl::ParseDuration(ToAbsl(text), &duration) ||
             duration == absl::InfiniteDuration() || duration == -absl::InfiniteDuration()) {
    return Bad(flag, Quoted(text) + " is not a duration such as 90s, 30m, 24h or 7d");
  }
  absl::Duration remainder;
  google::protobuf::Duration value;
  value.set_seconds(absl::IDivDuration(duration, absl::Seconds(1), &remainder));
  value.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(remainder)));
  return value;
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out.push_back(kHex[(c >> 4) & 0xf]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

// Merges {"<field>": <json>} into `holder`: how a message-typed field takes its JSON.
absl::Status MergeFieldJson(const FieldFlag& flag, Message& holder, const std::string& json) {
  const std::string object = "{" + JsonString(flag.field()->json_name()) + ":" + json + "}";
  std::unique_ptr<Message> scratch(holder.New());
  if (absl::Status merged = MergeJson(object, *scratch); !merged.ok()) {
    return Bad(flag, std::string(FromAbsl(merged.message())));
  }
  holder.MergeFrom(*scratch);
  return absl::OkStatus();
}

absl::Status SetMap(const FieldFlag& flag, Message& holder,
                    const std::vector<std::string>& pieces) {
  const FieldDescriptor* field = flag.field();
  const FieldDescriptor* key_field = field->message_type()->map_key();
  const FieldDescriptor* value_field = field->message_type()->map_value();
  if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return Bad(flag, "its values are messages: give them with --json");
  }
  std::map<std::string, std::string> entries;  // the last value of a key counts
  for (const std::string& piece : pieces) {
    const size_t equals = piece.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Bad(flag, Quoted(piece) + " is not key=value");
    }
    entries[Strip(piece.substr(0, equals))] = Strip(piece.substr(equals + 1));
  }
  for (const auto& [key, value] : entries) {
    Message* entry = holder.GetReflection()->AddMessage(&holder, field);
    if (absl::Status set = SetValue(flag, *entry, key_field, key); !set.ok()) return set;
    if (absl::Status set = SetValue(flag, *entry, value_field, value); !set.ok()) return set;
  }
  return absl::OkStatus();
}

absl::Status Apply(const FieldFlag& flag, const std::vector<std::string>& raw, Message& request) {
  const std::vector<std::string> pieces = Pieces(flag, raw);
  Message& holder = Holder(request, flag);
  const FieldDescriptor* field = flag.field();
  const Reflection* reflection = holder.GetReflection();
  // A flag replaces what JSON gave for its field.
  if (field->is_repeated()) reflection->ClearField(&holder, field);
  switch (flag.kind) {
    case FlagKind::kTimestamp: {
      google::protobuf::Timestamp instant;
      if (!google::protobuf::util::TimeUtil::FromString(pieces.front(), &instant)) {
        return Bad(flag, Quoted(pieces.front()) +
                             " is not an RFC 3339 instant such as 2019-03-01T09:00:00Z");
      }
      reflection->MutableMessage(&holder, field)->CopyFrom(instant);
      return absl::OkStatus();
    }
    case FlagKind::kDuration: {
      auto duration = ParseDurationValue(flag, pieces.front());
      if (!duration.ok()) return duration.status();
      reflection->MutableMessage(&holder, field)->CopyFrom(*duration);
      return absl::OkStatus();
    }
    case FlagKind::kMap:
      return SetMap(flag, holder, pieces);
    case FlagKind::kJsonValue: {
      reflection->ClearField(&holder, field);
      // A bare word is a JSON string to a well-known type (StringValue, FieldMask, ...).
      const std::string text = Strip(pieces.front());
      const bool json_like = !text.empty() && (text[0] == '{' || text[0] == '[' || text[0] == '"' ||
                                               text == "true" || text == "false" || text == "null");
      double number = 0;
      return MergeFieldJson(
          flag, holder,
          json_like || absl::SimpleAtod(ToAbsl(text), &number) ? text : JsonString(text));
    }
    case FlagKind::kJsonItem:
      for (const std::string& item : pieces) {
        const std::string text = Strip(item);
        const std::string array = absl::StartsWith(ToAbsl(text), "[") ? text : "[" + text + "]";
        if (absl::Status merged = MergeFieldJson(flag, holder, array); !merged.ok()) {
          return merged;
        }
      }
      return absl::OkStatus();
    case FlagKind::kScalar:
    case FlagKind::kBool:
    case FlagKind::kEnum:
      for (const std::string& piece : pieces) {
        if (absl::Status set = SetValue(flag, holder, field, piece); !set.ok()) return set;
      }
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status MergeJson(std::string_view json, Message& request) {
  std::unique_ptr<Message> parsed(request.New());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), parsed.get(), options);
  if (!status.ok()) {
    return absl::InvalidArgumentError("not a " + request.GetDescriptor()->name() +
                                      " in protobuf JSON: " + status.message().ToString());
  }
  request.MergeFrom(*parsed);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFileArgument(const std::string& flag, const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError("--" + flag + ": cannot read " + path);
  text << in.rdbuf();
  return text.str();
}

absl::Status ApplyFlags(const FlagValues& flags, Message& request) {
  const std::vector<FieldFlag> known = FlagsOf(request.GetDescriptor());
  // Two members of one oneof are alternatives: which one the user meant is unclear.
  std::map<std::string, std::string> oneof_flags;
  for (const auto& [name, raw] : flags) {
    if (raw.empty()) continue;
    const std::string& wanted = name;  // clang-14 lambdas cannot capture a structured binding
    const auto flag = std::find_if(known.begin(), known.end(),
                                   [&wanted](const FieldFlag& f) { return f.name == wanted; });
    if (flag == known.end()) return absl::InvalidArgumentError("unknown flag --" + name);
    if (const auto* oneof = flag->field()->real_containing_oneof(); oneof != nullptr) {
      const std::string key = flag->name.substr(0, flag->name.rfind('.') + 1) + oneof->name();
      const auto [other, inserted] = oneof_flags.emplace(key, flag->name);
      if (!inserted) {
        return absl::InvalidArgumentError("--" + other->second + " and --" + flag->name +
                                          " are alternatives (" + oneof->name() + "): give one");
      }
    }
    if (absl::Status applied = Apply(*flag, raw, request); !applied.ok()) return applied;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ParseEnumValue(const google::protobuf::EnumDescriptor* type,
                                   std::string_view text) {
  const std::string wanted = absl::AsciiStrToUpper(ToAbsl(Strip(text)));
  std::vector<std::string> choices;
  for (int i = 0; i < type->value_count(); ++i) {
    const auto* value = type->value(i);
    const std::string short_name = EnumShortName(value);
    if (wanted == value->name() || wanted == short_name) return value->number();
    if (value->number() != 0) choices.push_back(short_name);
  }
  int number = 0;
  if (absl::SimpleAtoi(ToAbsl(wanted), &number) && type->FindValueByNumber(number) != nullptr) {
    return number;
  }
  std::string list;
  for (const std::string& choice : choices) list += (list.empty() ? "" : ", ") + choice;
  return absl::InvalidArgumentError(Quoted(text) + " is not a " + type->name() + " (" + list + ")");
}

std::optional<std::string> EnsureRequestId(Message& request) {
  const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
      field->is_repeated()) {
    return std::nullopt;
  }
  if (!request.GetReflection()->GetString(request, field).empty()) return std::nullopt;
  std::string id = events::NewUuid();
  request.GetReflection()->SetString(&request, field, id);
  return id;
}

}  // namespace stem::cli
