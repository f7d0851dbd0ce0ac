#include "tools/cli/output.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <vector>

#include "absl/strings/str_join.h"
#include "tools/cli/field_text.h"
#include "tools/cli/table.h"

namespace stem::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// `message` as "key: value" lines, nested messages indented under their key.
void Lines(const Message& message, int indent, const std::vector<const FieldDescriptor*>& skip,
           std::vector<std::string>& out) {
  const std::string pad(indent, ' ');
  const Descriptor* type = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (std::find(skip.begin(), skip.end(), field) != skip.end() || !Shows(message, field)) {
      continue;
    }
    const std::string key = pad + field->name() + ":";
    if (field->is_map()) {
      out.push_back(key + " " + MapText(message, field, ", "));
    } else if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || IsValueMessage(field)) {
      out.push_back(key + " " +
                    (field->is_repeated() ? absl::StrJoin(Values(message, field, false), ", ")
                                          : ValueText(message, field, -1, false)));
    } else if (field->is_repeated()) {
      out.push_back(key);
      for (int j = 0; j < r->FieldSize(message, field); ++j) {
        std::vector<std::string> item;
        Lines(r->GetRepeatedMessage(message, field, j), 0, {}, item);
        if (item.empty()) item.push_back("{}");
        for (size_t k = 0; k < item.size(); ++k) {
          out.push_back(pad + (k == 0 ? "  - " : "    ") + item[k]);
        }
      }
    } else {
      out.push_back(key);
      Lines(r->GetMessage(message, field), indent + 2, {}, out);
    }
  }
}

std::string Json(const Message& response, bool multiline) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = multiline;
  // Scripts find every field, zero or not.
  options.always_print_primitive_fields = true;
  std::string json;
  google::protobuf::util::MessageToJsonString(response, &json, options);
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  return absl::InvalidArgumentError("--output is table or json, not " + std::string(text));
}

std::string Render(const Message& response, OutputFormat format) {
  return format == OutputFormat::kJson ? RenderJson(response) : RenderTable(response);
}

std::string RenderJson(const Message& response) { return Json(response, /*multiline=*/true); }

std::string RenderJsonLine(const Message& response) { return Json(response, /*multiline=*/false); }

std::string RenderTable(const Message& response) {
  const Descriptor* type = response.GetDescriptor();
  const FieldDescriptor* table = nullptr;
  for (int i = 0; i < type->field_count() && table == nullptr; ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->is_repeated() && !field->is_map() &&
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsValueMessage(field)) {
      table = field;
    }
  }
  // The next page's token is said once, as what to do with it.
  const FieldDescriptor* next = type->FindFieldByName("next_page_token");
  if (next != nullptr && next->cpp_type() != FieldDescriptor::CPPTYPE_STRING) next = nullptr;
  std::vector<std::string> lines;
  Lines(response, 0, {table, next}, lines);
  std::string out = absl::StrJoin(lines, "\n");
  if (!out.empty()) out += "\n";
  if (table != nullptr) out += (out.empty() ? "" : "\n") + TableOf(response, table);
  if (next != nullptr && Shows(response, next)) {
    out += "(more: add --page-token " + response.GetReflection()->GetString(response, next) + ")\n";
  }
  return out.empty() ? "ok\n" : out;
}

}  // namespace stem::cli
