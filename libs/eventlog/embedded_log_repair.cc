#include "libs/eventlog/embedded_log_repair.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/eventlog/internal/embedded_files.h"
#include "libs/eventlog/internal/embedded_recovery.h"
#include "libs/eventlog/internal/embedded_topics.h"

namespace stem::eventlog {
namespace {

using internal::FileCut;
using internal::FileTail;
using internal::PartitionFile;

absl::StatusOr<internal::UniqueFd> Lock(const std::string& directory) {
  if (!internal::FileExists(directory)) {
    return absl::NotFoundError(absl::StrCat("no embedded event log at ", directory));
  }
  return internal::LockFile(absl::StrCat(directory, "/", ToAbsl(internal::kLockFile)));
}

std::string DescribeFile(const std::string& name, size_t partition, const PartitionFile& file) {
  const FileTail& tail = file.tail();
  std::string line = absl::StrCat(name, "/", partition, ": ", file.published_end().offset,
                                  " records, commits up to ", file.recovered_last_commit_seq(),
                                  ", ", file.published_end().bytes, " bytes whole");
  switch (tail.kind) {
    case FileTail::Kind::kNone:
      break;
    case FileTail::Kind::kTorn:
      absl::StrAppend(&line, "; then a partial frame of ", tail.length, " bytes at byte ",
                      tail.position,
                      tail.declared_commit_seq != 0
                          ? absl::StrCat(" (of commit ", tail.declared_commit_seq, ")")
                          : std::string());
      break;
    case FileTail::Kind::kDamaged:
      absl::StrAppend(&line, "; then DAMAGE at byte ", tail.position, ", ", tail.length,
                      " bytes to the end: ", tail.why);
      break;
  }
  return line;
}

std::string DescribeCut(const FileCut& cut) {
  return absl::StrCat(
      cut.path, " bytes ", cut.from_byte, "-", cut.to_byte, ": ", cut.records, " whole records",
      cut.records > 0 ? absl::StrCat(" of commits ", cut.first_commit_seq, "-", cut.last_commit_seq)
                      : std::string(),
      ", ", cut.torn_bytes, " damaged or partial bytes; moved to ", cut.quarantine_path);
}

}  // namespace

absl::StatusOr<EmbeddedLogInspection> InspectEmbeddedLog(const std::string& directory) {
  absl::StatusOr<internal::UniqueFd> lock = Lock(directory);
  if (!lock.ok()) return lock.status();
  absl::StatusOr<internal::OpenedTopics> opened =
      internal::OpenTopicFiles(directory, PartitionFile::Options());
  if (!opened.ok()) return opened.status();
  EmbeddedLogInspection inspection;
  for (const auto& [name, topic] : opened->topics) {
    for (size_t partition = 0; partition < topic.files.size(); ++partition) {
      inspection.files.push_back(DescribeFile(name, partition, *topic.files[partition]));
    }
  }
  absl::StatusOr<internal::RecoveryPlan> plan =
      internal::PlanRecovery(opened->topics, opened->incomplete);
  inspection.opens = plan.status();
  inspection.cut_from_commit = internal::RepairCutFrom(opened->topics, opened->incomplete);
  if (inspection.cut_from_commit == 0) return inspection;
  for (const auto& [name, topic] : opened->topics) {
    for (const auto& file : topic.files) {
      absl::StatusOr<std::optional<FileCut>> cut = file->PlanCut(inspection.cut_from_commit);
      if (!cut.ok()) return cut.status();
      if (!cut->has_value()) continue;
      inspection.records_to_move += (*cut)->records;
      inspection.damaged_bytes += (*cut)->torn_bytes;
    }
  }
  return inspection;
}

absl::StatusOr<std::vector<std::string>> MoveEmbeddedLogDamageAside(const std::string& directory) {
  absl::StatusOr<internal::UniqueFd> lock = Lock(directory);
  if (!lock.ok()) return lock.status();
  absl::StatusOr<internal::OpenedTopics> opened =
      internal::OpenTopicFiles(directory, PartitionFile::Options());
  if (!opened.ok()) return opened.status();
  absl::StatusOr<std::vector<FileCut>> cuts = internal::CutFromCommit(
      directory, opened->topics, internal::RepairCutFrom(opened->topics, opened->incomplete));
  if (!cuts.ok()) return cuts.status();
  std::vector<std::string> lines;
  for (const FileCut& cut : *cuts) lines.push_back(DescribeCut(cut));
  return lines;
}

}  // namespace stem::eventlog
