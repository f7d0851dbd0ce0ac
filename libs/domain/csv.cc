#include "libs/domain/csv.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace stem::domain {
namespace {

std::vector<std::string> Fields(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return absl::StrSplit(line, ',');
}

}  // namespace

absl::StatusOr<std::vector<CsvRow>> ParseCsv(const std::string& text, const std::string& name,
                                             const std::vector<std::string>& required_columns) {
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line)) return absl::InvalidArgumentError(name + " is empty");
  const std::vector<std::string> header = Fields(line);
  for (const std::string& column : required_columns) {
    if (std::find(header.begin(), header.end(), column) == header.end()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " has no column ", column));
    }
  }
  std::vector<CsvRow> rows;
  int number = 1;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> fields = Fields(line);
    if (fields.size() != header.size()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " line ", number, ": ", fields.size(),
                                                     " fields, expected ", header.size()));
    }
    CsvRow row;
    for (size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<std::vector<CsvRow>> ReadCsv(const std::string& path,
                                            const std::vector<std::string>& required_columns) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return ParseCsv(text.str(), path, required_columns);
}

}  // namespace stem::domain
