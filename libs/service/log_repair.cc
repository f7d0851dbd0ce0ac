#include "libs/service/log_repair.h"

#include "absl/strings/str_cat.h"
#include "libs/eventlog/embedded_log_repair.h"

namespace stem::service {
namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;
constexpr int kDamaged = 4;

void Print(std::FILE* out, const std::string& line) { std::fprintf(out, "%s\n", line.c_str()); }

int Show(const std::string& directory, std::FILE* out) {
  auto inspection = eventlog::InspectEmbeddedLog(directory);
  if (!inspection.ok()) {
    Print(out, absl::StrCat("cannot inspect ", directory, ": ", inspection.status().message()));
    return kFailed;
  }
  Print(out, absl::StrCat("embedded event log ", directory, ":"));
  for (const std::string& file : inspection->files) Print(out, "  " + file);
  if (inspection->opens.ok()) {
    Print(out, inspection->cut_from_commit == 0
                   ? "it opens as it is."
                   : absl::StrCat("it opens after cutting the commit a crash left unfinished (",
                                  inspection->cut_from_commit, ")."));
    return kOk;
  }
  Print(out, absl::StrCat("it does NOT open: ", inspection->opens.message()));
  Print(out, absl::StrCat("--repair_log=move_aside would move commits ",
                          inspection->cut_from_commit, " and later (", inspection->records_to_move,
                          " whole records) and ", inspection->damaged_bytes,
                          " damaged bytes to the quarantine directory; every projection store "
                          "under the data directory must then be rebuilt."));
  return kDamaged;
}

int MoveAside(const std::string& directory, std::FILE* out) {
  auto moved = eventlog::MoveEmbeddedLogDamageAside(directory);
  if (!moved.ok()) {
    Print(out, absl::StrCat("cannot repair ", directory, ": ", moved.status().message()));
    return kFailed;
  }
  if (moved->empty()) {
    Print(out, "nothing to move: the log is whole.");
    return kOk;
  }
  for (const std::string& line : *moved) Print(out, "moved aside: " + line);
  Print(out,
        "the log now opens with the commits before the damage. A projection store that applied "
        "what was moved refuses to start (STORE_AHEAD_OF_LOG): remove it to rebuild it.");
  return kOk;
}

}  // namespace

int RunLogRepair(const HostOptions& options, const std::string& mode, std::FILE* out) {
  if (options.log != "embedded" || options.data_dir.empty()) {
    Print(out, "--repair_log works on the embedded log: give --log=embedded and --data_dir");
    return kUsage;
  }
  const std::string directory = options.data_dir + "/log";
  if (mode == "show") return Show(directory, out);
  if (mode == "move_aside") return MoveAside(directory, out);
  Print(out, "--repair_log is show or move_aside, not " + mode);
  return kUsage;
}

}  // namespace stem::service
