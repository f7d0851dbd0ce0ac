// Crash recovery of the embedded log: what may be cut at open, and what must be refused.
//
// A commit writes one frame per partition it touches, then syncs, then acknowledges. A crash
// can so leave exactly one commit unfinished: the last one, with some of its frames whole,
// one or more cut short at the end of their files (a torn frame: its declared length runs
// past the end of the file), the rest not written. That commit was never acknowledged, so
// recovery cuts it off every file. Anything else - a frame that fails its checksum, a
// torn frame of an older commit, an unfinished commit that later commits follow - is damage
// no crash of this writer leaves: acknowledged facts are at stake, so the open fails with
// DATA_LOSS naming file, byte and commit, and every byte stays in place for an operator
// (rulebook section 9: no damaged byte is silently dropped).
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_RECOVERY_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_RECOVERY_H_

#include <cstdint>
#include <map>

#include "absl/status/statusor.h"
#include "libs/eventlog/internal/embedded_log_core.h"

namespace stem::eventlog::internal {

struct RecoveryPlan {
  // Cut the frames of this commit and later ones, and every torn tail, off every file; 0:
  // nothing to cut.
  uint64_t cut_from_commit = 0;
};

// `topics`: every file as PartitionFile::Open left it; `incomplete`: the commits with
// frames missing among the intact ones, with how many are missing.
absl::StatusOr<RecoveryPlan> PlanRecovery(const TopicTable& topics,
                                          const std::map<uint64_t, uint32_t>& incomplete);

// The operator's way out of damage PlanRecovery refuses: the first commit the damage may
// have touched (the one after the last intact frame of a damaged or torn file, or an
// unfinished commit), so that cutting it and every later one leaves a whole prefix of the
// log. 0 when nothing needs cutting.
uint64_t RepairCutFrom(const TopicTable& topics, const std::map<uint64_t, uint32_t>& incomplete);

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_EMBEDDED_RECOVERY_H_
