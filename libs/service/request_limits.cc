#include "libs/service/request_limits.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "stem/common/v1/limits.pb.h"

namespace stem::service {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

TextKind KindOf(const FieldDescriptor& field) {
  switch (field.options().GetExtension(common::v1::limits).text()) {
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

int MaxItems(const FieldDescriptor& field) {
  const int32_t declared = field.options().GetExtension(common::v1::limits).max_items();
  return declared > 0 ? declared : kDefaultMaxItems;
}

absl::Status CheckMessage(const Message& message, const std::string& prefix);

absl::Status CheckValue(const Message& message, const FieldDescriptor& field, int index,
                        const std::string& path) {
  const Reflection& reflection = *message.GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field.type() == FieldDescriptor::TYPE_BYTES) return absl::OkStatus();
      std::string scratch;
      const std::string& text =
          index < 0 ? reflection.GetStringReference(message, &field, &scratch)
                    : reflection.GetRepeatedStringReference(message, &field, index, &scratch);
      return CheckText(text, KindOf(field), path);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& nested = index < 0 ? reflection.GetMessage(message, &field)
                                        : reflection.GetRepeatedMessage(message, &field, index);
      return CheckMessage(nested, path + ".");
    }
    default:
      return absl::OkStatus();
  }
}

absl::Status CheckMessage(const Message& message, const std::string& prefix) {
  const Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path = prefix + field->name();
    if (!field->is_repeated()) {
      if (absl::Status status = CheckValue(message, *field, -1, path); !status.ok()) return status;
      continue;
    }
    const int size = reflection.FieldSize(message, field);
    if (size > MaxItems(*field)) {
      return MakeError(absl::StatusCode::kInvalidArgument, "TOO_MANY",
                       absl::StrCat(path, " holds ", size, " items; at most ", MaxItems(*field)));
    }
    for (int i = 0; i < size; ++i) {
      absl::Status status = CheckValue(message, *field, i, absl::StrCat(path, "[", i, "]"));
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRequestLimits(const google::protobuf::Message& request) {
  return CheckMessage(request, "");
}

}  // namespace stem::service
