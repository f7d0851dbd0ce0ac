#include "libs/events/field_limits.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/clock/clock.h"
#include "libs/clock/date.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "stem/common/v1/limits.pb.h"

namespace stem::events {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

TextKind KindOf(const common::v1::FieldLimits& limits) {
  switch (limits.text()) {
    case common::v1::TEXT_KIND_NAME:
      return TextKind::kName;
    case common::v1::TEXT_KIND_EMAIL:
      return TextKind::kEmail;
    case common::v1::TEXT_KIND_NARRATIVE:
      return TextKind::kNarrative;
    default:
      return TextKind::kIdentifier;
  }
}

// The date or instant check of a marked field, with the field's path in the message.
absl::Status CheckWhen(const common::v1::FieldLimits& limits, const std::string& text,
                       const std::string& path) {
  absl::Status parsed;
  if (limits.date()) parsed = clock::ParseDate(text).status();
  if (limits.instant()) parsed = clock::ParseInstant(text).status();
  if (parsed.ok()) return parsed;
  return MakeError(parsed.code(), ReasonOf(parsed), absl::StrCat(path, ": ", parsed.message()));
}

class Walker {
 public:
  explicit Walker(const FieldLimitOptions& options) : options_(options) {}

  absl::Status Message(const google::protobuf::Message& message, const std::string& prefix) {
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string path = prefix + field->name();
      if (!field->is_repeated()) {
        if (absl::Status status = Value(message, *field, -1, path); !status.ok()) return status;
        continue;
      }
      const int size = reflection.FieldSize(message, field);
      const int max = MaxItems(*field);
      if (max > 0 && size > max) {
        return MakeError(absl::StatusCode::kInvalidArgument, "TOO_MANY",
                         absl::StrCat(path, " holds ", size, " items; at most ", max));
      }
      for (int i = 0; i < size; ++i) {
        absl::Status status = Value(message, *field, i, absl::StrCat(path, "[", i, "]"));
        if (!status.ok()) return status;
      }
    }
    return absl::OkStatus();
  }

 private:
  int MaxItems(const FieldDescriptor& field) const {
    const int32_t declared = field.options().GetExtension(common::v1::limits).max_items();
    return declared > 0 ? declared : options_.default_max_items;
  }

  absl::Status Value(const google::protobuf::Message& message, const FieldDescriptor& field,
                     int index, const std::string& path) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        if (field.type() == FieldDescriptor::TYPE_BYTES) return absl::OkStatus();
        std::string scratch;
        const std::string& text =
            index < 0 ? reflection.GetStringReference(message, &field, &scratch)
                      : reflection.GetRepeatedStringReference(message, &field, index, &scratch);
        const common::v1::FieldLimits& limits = field.options().GetExtension(common::v1::limits);
        if (limits.date() || limits.instant()) return CheckWhen(limits, text, path);
        return CheckText(text, KindOf(limits), path);
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Message(index < 0 ? reflection.GetMessage(message, &field)
                                 : reflection.GetRepeatedMessage(message, &field, index),
                       path + ".");
      default:
        return absl::OkStatus();
    }
  }

  const FieldLimitOptions options_;
};

}  // namespace

absl::Status CheckFieldLimits(const google::protobuf::Message& message,
                              const FieldLimitOptions& options) {
  return Walker(options).Message(message, "");
}

}  // namespace stem::events
