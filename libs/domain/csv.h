// A reader for the simple CSV files of the reference data: a header row, comma-separated
// fields without quotes or embedded commas.
#ifndef STEM_LIBS_DOMAIN_CSV_H_
#define STEM_LIBS_DOMAIN_CSV_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace stem::domain {

using CsvRow = std::map<std::string, std::string>;

// Every data row of the file as column name -> value. Fails when the file cannot be read,
// a row has the wrong number of fields, or one of `required_columns` is missing.
absl::StatusOr<std::vector<CsvRow>> ReadCsv(const std::string& path,
                                            const std::vector<std::string>& required_columns);
absl::StatusOr<std::vector<CsvRow>> ParseCsv(const std::string& text, const std::string& name,
                                             const std::vector<std::string>& required_columns);

}  // namespace stem::domain

#endif  // STEM_LIBS_DOMAIN_CSV_H_
