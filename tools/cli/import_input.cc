#include "tools/cli/import_input.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/sha.h>

#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/common/absl_compat.h"
#include "tools/cli/request_parser.h"

namespace stem::cli {
namespace {

using google::protobuf::Message;

// Where a request id is: the request's own, or that of the one member of its oneof.
Message* CommandOf(Message& item) {
  const google::protobuf::Descriptor* type = item.GetDescriptor();
  if (type->FindFieldByName("request_id") != nullptr) return &item;
  const google::protobuf::Reflection* reflection = item.GetReflection();
  for (int i = 0; i < type->oneof_decl_count(); ++i) {
    const google::protobuf::FieldDescriptor* set =
        reflection->GetOneofFieldDescriptor(item, type->oneof_decl(i));
    if (set != nullptr && set->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      return reflection->MutableMessage(&item, set);
    }
  }
  return nullptr;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace

absl::StatusOr<std::vector<ImportItem>> ParseJsonLines(std::string_view text,
                                                       const Message& prototype) {
  std::vector<ImportItem> items;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(ToAbsl(text), '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    ImportItem item{std::unique_ptr<Message>(prototype.New()), number};
    if (absl::Status merged = MergeJson(FromAbsl(line), *item.request); !merged.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", number, ": ", merged.message()));
    }
    items.push_back(std::move(item));
  }
  return items;
}

absl::StatusOr<std::vector<CsvRecord>> ParseCsvRecords(std::string_view text) {
  std::vector<CsvRecord> records;
  CsvRecord record{{std::string()}, 1};
  int line = 1;
  bool quoted = false;       // inside a quoted cell
  bool after_quote = false;  // a quoted cell just closed: a separator must follow
  auto end_record = [&] {
    if (!(record.cells.size() == 1 && record.cells[0].empty() && !after_quote)) {
      records.push_back(std::move(record));
    }
    record = CsvRecord{{std::string()}, line};
    after_quote = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        record.cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line;
        record.cells.back() += c;
      }
      continue;
    }
    if (c == ',') {
      record.cells.emplace_back();
      after_quote = false;
    } else if (c == '\n') {
      ++line;
      end_record();
    } else if (c == '\r' && (i + 1 == text.size() || text[i + 1] == '\n')) {
      // the CR of a CRLF line end
    } else if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": text after the closing quote of a cell"));
    } else if (c == '"' && record.cells.back().empty()) {
      quoted = true;
    } else {
      record.cells.back() += c;
    }
  }
  if (quoted) return absl::InvalidArgumentError("a quoted cell is never closed");
  end_record();
  return records;
}

absl::StatusOr<std::vector<ImportItem>> ParseCsvItems(std::string_view text,
                                                      const Message& prototype) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsvRecords(text);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError("the CSV has no header row");
  std::vector<std::string> header;
  for (const std::string& name : records->front().cells) {
    header.push_back(std::string(absl::StripPrefix(absl::StripAsciiWhitespace(name), "--")));
  }
  std::vector<ImportItem> items;
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    if (record.cells.size() != header.size()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", record.line, ": ",
                                                     record.cells.size(), " cells, the header has ",
                                                     header.size()));
    }
    FlagValues flags;
    for (size_t c = 0; c < header.size(); ++c) {
      if (!record.cells[c].empty()) flags[header[c]].push_back(record.cells[c]);
    }
    ImportItem item{std::unique_ptr<Message>(prototype.New()), record.line};
    if (absl::Status applied = ApplyFlags(flags, *item.request); !applied.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", record.line, ": ", applied.message()));
    }
    items.push_back(std::move(item));
  }
  return items;
}

void DeriveRequestIds(std::vector<ImportItem>& items) {
  // The n-th item with the same content gets its own id, also when lines move.
  std::map<std::string, int> occurrences;
  for (ImportItem& item : items) {
    Message* command = CommandOf(*item.request);
    if (command == nullptr) continue;
    const google::protobuf::FieldDescriptor* field =
        command->GetDescriptor()->FindFieldByName("request_id");
    if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
        !command->GetReflection()->GetString(*command, field).empty()) {
      continue;
    }
    std::string content;
    {
      google::protobuf::io::StringOutputStream stream(&content);
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      item.request->SerializeToCodedStream(&coded);
    }
    const int occurrence = ++occurrences[content];
    command->GetReflection()->SetString(
        command, field,
        absl::StrCat("import-", Sha256Hex(absl::StrCat(content, "#", occurrence)).substr(0, 32)));
  }
}

}  // namespace stem::cli
