#include "tests/negative/request_mutations.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "stem/common/v1/limits.pb.h"

namespace stem::negative {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// A field of a (nested) message: the path down to it, each step a field and the index of
// the list item it goes through (-1 for a singular field).
using Path = std::vector<std::pair<const FieldDescriptor*, int>>;

std::string Describe(const Path& path) {
  std::string text;
  for (const auto& [field, index] : path) {
    if (!text.empty()) text += ".";
    text += field->name();
    if (index >= 0) absl::StrAppend(&text, "[", index, "]");
  }
  return text;
}

// Visits every field set in `message` and its nested messages (lists through their first
// item), with its path.
void VisitFields(const Message& message, Path& path,
                 const std::function<void(const Path&, const FieldDescriptor&)>& visit) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    path.push_back({field, field->is_repeated() ? 0 : -1});
    visit(path, *field);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_map()) {
      const Reflection& reflection = *message.GetReflection();
      const Message& nested = field->is_repeated()
                                  ? reflection.GetRepeatedMessage(message, field, 0)
                                  : reflection.GetMessage(message, field);
      VisitFields(nested, path, visit);
    }
    path.pop_back();
  }
}

// The message that holds the last step of `path`, inside `root`.
Message* Holder(Message& root, const Path& path) {
  Message* message = &root;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const auto& [field, index] = path[i];
    const Reflection& reflection = *message->GetReflection();
    message = index >= 0 ? reflection.MutableRepeatedMessage(message, field, index)
                         : reflection.MutableMessage(message, field);
  }
  return message;
}

}  // namespace

int DeclaredMaxItems(const FieldDescriptor& field) {
  const int declared = field.options().GetExtension(common::v1::limits).max_items();
  return declared > 0 ? declared : 300;
}

std::vector<BadRequest> WithEachStringSetTo(const Message& base, const std::string& value,
                                            const std::string& label) {
  std::vector<BadRequest> bad;
  Path path;
  VisitFields(base, path, [&](const Path& at, const FieldDescriptor& field) {
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_STRING || field.is_map()) return;
    std::unique_ptr<Message> copy(base.New());
    copy->CopyFrom(base);
    Message* holder = Holder(*copy, at);
    if (field.is_repeated()) {
      holder->GetReflection()->SetRepeatedString(holder, &field, 0, value);
    } else {
      holder->GetReflection()->SetString(holder, &field, value);
    }
    const common::v1::FieldLimits& limits = field.options().GetExtension(common::v1::limits);
    bad.push_back({absl::StrCat(Describe(at), " ", label), copy->SerializeAsString(),
                   limits.date() || limits.instant()});
  });
  return bad;
}

std::vector<BadRequest> WithEachListTooLong(
    const Message& base, const std::function<int(const FieldDescriptor&)>& max_items) {
  std::vector<BadRequest> bad;
  Path path;
  VisitFields(base, path, [&](const Path& at, const FieldDescriptor& field) {
    if (!field.is_repeated()) return;
    std::unique_ptr<Message> copy(base.New());
    copy->CopyFrom(base);
    Message* holder = Holder(*copy, at);
    const Reflection& reflection = *holder->GetReflection();
    const int wanted = max_items(field) + 1;
    for (int i = reflection.FieldSize(*holder, &field); i < wanted; ++i) {
      switch (field.cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          reflection.AddString(holder, &field, reflection.GetRepeatedString(*holder, &field, 0));
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          reflection.AddEnumValue(holder, &field,
                                  reflection.GetRepeatedEnumValue(*holder, &field, 0));
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          Message* item = reflection.AddMessage(holder, &field);
          item->CopyFrom(reflection.GetRepeatedMessage(*holder, &field, 0));
          if (field.is_map()) {
            // Map entries need keys of their own.
            const FieldDescriptor* key = item->GetDescriptor()->map_key();
            item->GetReflection()->SetString(item, key, absl::StrCat("key", i));
          }
          break;
        }
        default:
          return;
      }
    }
    Path list = at;
    list.back().second = -1;
    bad.push_back(
        {absl::StrCat(Describe(list), " with ", wanted, " items"), copy->SerializeAsString()});
  });
  return bad;
}

std::string WithInvalidUtf8(const Message& base) {
  std::string bytes = base.SerializeAsString();
  std::string found;
  Path path;
  VisitFields(base, path, [&](const Path& at, const FieldDescriptor& field) {
    if (!found.empty() || field.cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
        field.type() == FieldDescriptor::TYPE_BYTES || field.is_map()) {
      return;
    }
    const Message& holder = *Holder(const_cast<Message&>(base), at);
    const std::string value = field.is_repeated()
                                  ? holder.GetReflection()->GetRepeatedString(holder, &field, 0)
                                  : holder.GetReflection()->GetString(holder, &field);
    if (value.size() >= 2) found = value;
  });
  const size_t at = found.empty() ? std::string::npos : bytes.find(found);
  if (at == std::string::npos) return "";
  bytes.replace(at, 2, "\xff\xfe");
  return bytes;
}

std::vector<BadRequest> UndecodableBytes(const Message& base, uint32_t seed) {
  std::mt19937 random(seed);
  std::string noise(64, '\0');
  for (char& byte : noise) byte = static_cast<char>(random() & 0xff);
  // A length-delimited field 1 that claims far more bytes than follow.
  std::string lying_length = "\x0a\xff\xff\xff\x0f";
  lying_length += "abc";
  const std::string whole = base.SerializeAsString();
  std::vector<BadRequest> bad = {{"random bytes", noise},
                                 {"a length that runs past the end", lying_length},
                                 {"an invalid wire type", std::string("\x0f\x01", 2)}};
  // Whatever field comes last, its value then ends too early.
  if (!whole.empty())
    bad.push_back({"the request one byte short", whole.substr(0, whole.size() - 1)});
  const std::string utf8 = WithInvalidUtf8(base);
  if (!utf8.empty()) bad.push_back({"a string that is not UTF-8", utf8});
  return bad;
}

}  // namespace stem::negative
