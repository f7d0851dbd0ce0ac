#include "libs/eventlog/internal/embedded_recovery.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/error.h"

namespace stem::eventlog::internal {
namespace {

inline constexpr std::string_view kLogDamaged = "LOG_DAMAGED";

absl::Status Refuse(const std::vector<std::string>& problems) {
  return MakeError(absl::StatusCode::kDataLoss, kLogDamaged,
                   absl::StrCat("embedded event log is damaged, and nothing was changed: ",
                                absl::StrJoin(problems, "; "),
                                ". Acknowledged facts may be at stake: keep a copy of the "
                                "directory, and see `stem-allinone --repair_log=show`"));
}

}  // namespace

absl::StatusOr<RecoveryPlan> PlanRecovery(const TopicTable& topics,
                                          const std::map<uint64_t, uint32_t>& incomplete) {
  uint64_t last_commit = 0;
  for (const auto& [name, topic] : topics) {
    for (const auto& file : topic.files) {
      last_commit = std::max(last_commit, file->recovered_last_commit_seq());
    }
  }
  std::vector<std::string> problems;
  for (const auto& [name, topic] : topics) {
    for (const auto& file : topic.files) {
      const FileTail& tail = file->tail();
      if (tail.kind == FileTail::Kind::kDamaged) {
        problems.push_back(absl::StrCat(file->path(), " at byte ", tail.position, " (after commit ",
                                        file->recovered_last_commit_seq(), ", ", tail.length,
                                        " bytes before its end): ", tail.why));
      }
    }
  }
  for (const auto& [commit, missing] : incomplete) {
    if (commit != last_commit) {
      problems.push_back(absl::StrCat("commit ", commit, " lacks ", missing,
                                      " of its frames, but commits up to ", last_commit,
                                      " follow it: only the last commit can be unfinished"));
    }
  }
  // The commit that was in flight: the last one if it is unfinished, else the next.
  const uint64_t in_flight = incomplete.contains(last_commit) ? last_commit : last_commit + 1;
  for (const auto& [name, topic] : topics) {
    for (const auto& file : topic.files) {
      const FileTail& tail = file->tail();
      if (tail.kind == FileTail::Kind::kTorn && tail.declared_commit_seq != 0 &&
          tail.declared_commit_seq != in_flight) {
        problems.push_back(absl::StrCat(file->path(), " at byte ", tail.position,
                                        " ends in a partial frame of commit ",
                                        tail.declared_commit_seq,
                                        ", but the commit in flight "
                                        "can only be ",
                                        in_flight));
      }
    }
  }
  if (!problems.empty()) return Refuse(problems);

  bool torn = false;
  for (const auto& [name, topic] : topics) {
    for (const auto& file : topic.files) torn = torn || file->tail().kind == FileTail::Kind::kTorn;
  }
  RecoveryPlan plan;
  if (torn || incomplete.contains(last_commit)) plan.cut_from_commit = in_flight;
  return plan;
}

uint64_t RepairCutFrom(const TopicTable& topics, const std::map<uint64_t, uint32_t>& incomplete) {
  uint64_t first = incomplete.empty() ? 0 : incomplete.begin()->first;
  for (const auto& [name, topic] : topics) {
    for (const auto& file : topic.files) {
      if (file->tail().kind == FileTail::Kind::kNone) continue;
      const uint64_t touched = file->recovered_last_commit_seq() + 1;
      if (first == 0 || touched < first) first = touched;
    }
  }
  return first;
}

}  // namespace stem::eventlog::internal
