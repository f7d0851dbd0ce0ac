#include "tools/cli/field_text.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_compat.h"
#include "libs/common/text.h"
#include "tools/cli/field_flags.h"

namespace stem::cli {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

bool IsMoney(const FieldDescriptor* field) {
  return absl::EndsWith(ToAbsl(field->name()), "_cents") &&
         (field->cpp_type() == FieldDescriptor::CPPTYPE_INT64 ||
          field->cpp_type() == FieldDescriptor::CPPTYPE_INT32);
}

bool IsTimeType(const Descriptor* type) {
  return type->full_name() == "google.protobuf.Timestamp" ||
         type->full_name() == "google.protobuf.Duration";
}

std::string Money(int64_t cents, bool in_table) {
  return in_table ? FormatEuros(cents) : FormatEuros(cents) + " (" + std::to_string(cents) + ")";
}

}  // namespace

bool IsValueMessage(const FieldDescriptor* field) {
  return field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_map() &&
         IsTimeType(field->message_type());
}

std::string ValueText(const Message& message, const FieldDescriptor* field, int index,
                      bool in_table) {
  const Reflection* r = message.GetReflection();
  const bool rep = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const int32_t v =
          rep ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field);
      return IsMoney(field) ? Money(v, in_table) : std::to_string(v);
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v =
          rep ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field);
      return IsMoney(field) ? Money(v, in_table) : std::to_string(v);
    }
    case FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(rep ? r->GetRepeatedUInt32(message, field, index)
                                : r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(rep ? r->GetRepeatedUInt64(message, field, index)
                                : r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(rep ? r->GetRepeatedDouble(message, field, index)
                              : r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(rep ? r->GetRepeatedFloat(message, field, index)
                              : r->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumShortName(rep ? r->GetRepeatedEnum(message, field, index)
                               : r->GetEnum(message, field));
    case FieldDescriptor::CPPTYPE_STRING:
      // What a server stored may hold what a terminal would obey (ESC[2J): never print it raw.
      return EscapeForTerminal(rep ? r->GetRepeatedString(message, field, index)
                                   : r->GetString(message, field));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& value =
          rep ? r->GetRepeatedMessage(message, field, index) : r->GetMessage(message, field);
      if (!IsTimeType(field->message_type())) return "{...}";
      std::string json;
      google::protobuf::util::MessageToJsonString(value, &json);  // "\"2019-01-07T09:00:00Z\""
      return json.size() >= 2 ? json.substr(1, json.size() - 2) : json;
    }
  }
  return "";
}

bool Shows(const Message& message, const FieldDescriptor* field) {
  const Reflection* r = message.GetReflection();
  if (field->is_repeated()) return r->FieldSize(message, field) > 0;
  if (field->has_presence()) return r->HasField(message, field);
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    return !r->GetString(message, field).empty();
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
    return r->GetEnumValue(message, field) != 0;
  }
  return true;
}

std::vector<std::string> Values(const Message& message, const FieldDescriptor* field,
                                bool in_table) {
  std::vector<std::string> values;
  const int count = message.GetReflection()->FieldSize(message, field);
  for (int i = 0; i < count; ++i) values.push_back(ValueText(message, field, i, in_table));
  return values;
}

std::string MapText(const Message& message, const FieldDescriptor* field, const char* between) {
  std::vector<std::string> entries;
  const Reflection* r = message.GetReflection();
  const Descriptor* entry_type = field->message_type();
  for (int i = 0; i < r->FieldSize(message, field); ++i) {
    const Message& entry = r->GetRepeatedMessage(message, field, i);
    entries.push_back(ValueText(entry, entry_type->map_key(), -1, true) + "=" +
                      ValueText(entry, entry_type->map_value(), -1, true));
  }
  std::sort(entries.begin(), entries.end());
  return absl::StrJoin(entries, between);
}

std::string FormatEuros(int64_t cents) {
  const uint64_t magnitude =
      cents < 0 ? ~static_cast<uint64_t>(cents) + 1 : static_cast<uint64_t>(cents);
  const std::string euros = std::to_string(magnitude / 100);
  std::string grouped;
  for (size_t i = 0; i < euros.size(); ++i) {
    if (i > 0 && (euros.size() - i) % 3 == 0) grouped.push_back(' ');
    grouped.push_back(euros[i]);
  }
  const uint64_t rest = magnitude % 100;
  return std::string(cents < 0 ? "-" : "") + grouped + "," + (rest < 10 ? "0" : "") +
         std::to_string(rest) + " EUR";
}

}  // namespace stem::cli
