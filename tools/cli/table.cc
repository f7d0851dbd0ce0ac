#include "tools/cli/table.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "tools/cli/field_text.h"

namespace stem::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Wider cells are cut: the whole text is one --output json away.
constexpr size_t kMaxCellWidth = 48;
// Nested messages inside a table row become columns down to this depth.
constexpr int kMaxColumnDepth = 2;

// Characters on screen: UTF-8 continuation bytes take no column.
size_t Width(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

std::string Cut(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (Width(text) <= kMaxCellWidth) return text;
  size_t bytes = 0;
  for (size_t columns = 0; bytes < text.size(); ++bytes) {
    if ((static_cast<unsigned char>(text[bytes]) & 0xc0) != 0x80 && ++columns > kMaxCellWidth - 3) {
      break;
    }
  }
  return text.substr(0, bytes) + "...";
}

struct Column {
  std::string name;
  std::vector<const FieldDescriptor*> path;
};

void Columns(const Descriptor* type, const std::string& prefix,
             const std::vector<const FieldDescriptor*>& path, int depth, std::vector<Column>& out) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    std::vector<const FieldDescriptor*> field_path = path;
    field_path.push_back(field);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated() &&
        !IsValueMessage(field) && depth + 1 < kMaxColumnDepth) {
      Columns(field->message_type(), prefix + field->name() + ".", field_path, depth + 1, out);
    } else {
      out.push_back({prefix + field->name(), std::move(field_path)});
    }
  }
}

std::string Cell(const Message& row, const Column& column) {
  const Message* message = &row;
  for (size_t i = 0; i + 1 < column.path.size(); ++i) {
    if (!message->GetReflection()->HasField(*message, column.path[i])) return "";
    message = &message->GetReflection()->GetMessage(*message, column.path[i]);
  }
  const FieldDescriptor* field = column.path.back();
  if (!Shows(*message, field)) return "";
  if (field->is_map()) return Cut(MapText(*message, field, ","));
  if (field->is_repeated() && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      !IsValueMessage(field)) {
    return "[" + std::to_string(message->GetReflection()->FieldSize(*message, field)) + "]";
  }
  if (field->is_repeated()) return Cut(absl::StrJoin(Values(*message, field, true), ","));
  return Cut(ValueText(*message, field, -1, true));
}

}  // namespace

std::string TableOf(const Message& response, const FieldDescriptor* field) {
  const Reflection* r = response.GetReflection();
  const int rows = r->FieldSize(response, field);
  if (rows == 0) return "(no " + field->name() + ")\n";
  std::vector<Column> columns;
  Columns(field->message_type(), "", {}, 0, columns);
  std::vector<std::vector<std::string>> cells(rows);
  for (int i = 0; i < rows; ++i) {
    for (const Column& column : columns) {
      cells[i].push_back(Cell(r->GetRepeatedMessage(response, field, i), column));
    }
  }
  // Columns empty in every row say nothing.
  std::vector<size_t> shown;
  std::vector<size_t> widths;
  for (size_t c = 0; c < columns.size(); ++c) {
    size_t width = 0;
    for (const auto& row : cells) width = std::max(width, Width(row[c]));
    if (width == 0) continue;
    shown.push_back(c);
    widths.push_back(std::max(width, Width(columns[c].name)));
  }
  const auto line = [&](const auto& text_of) {
    std::string out;
    for (size_t s = 0; s < shown.size(); ++s) {
      const std::string text = text_of(shown[s]);
      out += text;
      if (s + 1 < shown.size()) out += std::string(widths[s] - Width(text) + 2, ' ');
    }
    return out + "\n";
  };
  std::string out = line([&](size_t c) { return absl::AsciiStrToUpper(columns[c].name); });
  for (const auto& row : cells) out += line([&](size_t c) { return row[c]; });
  return out;
}

}  // namespace stem::cli
