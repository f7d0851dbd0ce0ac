// The items of a bulk import command (`stem activity import-commands`), read whole before
// anything is sent, so that a malformed file is a usage error with nothing imported.
//
//   --input FILE: one request per line as protobuf JSON (JSON Lines); blank lines skipped.
//   --csv FILE:   a header row of the command's flag names (`report-attendance.activity-id`,
//                 `report-attendance.counts`, ...), then one request per row, each cell
//                 read as that flag's value (an empty cell sets nothing). RFC 4180 quoting:
//                 a cell with commas, quotes or line breaks is quoted, quotes doubled - a
//                 repeated message cell holds a JSON array.
#ifndef STEM_TOOLS_CLI_IMPORT_INPUT_H_
#define STEM_TOOLS_CLI_IMPORT_INPUT_H_

#include <google/protobuf/message.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace stem::cli {

struct ImportItem {
  std::unique_ptr<google::protobuf::Message> request;
  // Where it was read: the line it starts on (the header of a CSV is line 1).
  int line = 0;
};

absl::StatusOr<std::vector<ImportItem>> ParseJsonLines(std::string_view text,
                                                       const google::protobuf::Message& prototype);
absl::StatusOr<std::vector<ImportItem>> ParseCsvItems(std::string_view text,
                                                      const google::protobuf::Message& prototype);

// The records of RFC 4180 CSV with the line each starts on; INVALID_ARGUMENT for a quote
// that is never closed or text after a closing quote.
struct CsvRecord {
  std::vector<std::string> cells;
  int line = 0;
};
absl::StatusOr<std::vector<CsvRecord>> ParseCsvRecords(std::string_view text);

// Gives every item's command (the member of its oneof, or the item itself) that has an empty
// `request_id` one derived from its content (and, for identical items, which one of them it
// is): running the same file again - lines added or moved included - sends the same ids, so
// what an earlier run imported is answered from there, not imported twice; a line that was
// corrected is a new command.
void DeriveRequestIds(std::vector<ImportItem>& items);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_IMPORT_INPUT_H_
