// A partnership as queries answer it: its own record joined with its call's decision, the
// reports it owes with their due dates, and the tranches its approvals release - computed
// when asked, so that the projection never depends on the order in which the call's and the
// partnership's partitions were read.
#ifndef STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_VIEW_H_
#define STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_VIEW_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/projection/projection_store.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

// The report of `kind` an approved partnership owes, as of `day`: its due date, its status
// from the submissions made and decided on or before `day`, and whether it is overdue then
// (`day` after the due date without an approval decided on or before `day`). DATA_LOSS when a
// stored date is unreadable.
absl::StatusOr<v1::ReportObligation> ObligationOf(const v1::CallOpened& call,
                                                  const v1::PartnershipApproved& approval,
                                                  const v1::Partnership& partnership,
                                                  v1::ReportKind kind, absl::CivilDay day);

// The tranches of an approval by the call's schedule (libs/domain/tranches.h), each marked
// released when its approval event has been decided.
absl::StatusOr<std::vector<v1::Tranche>> TranchesOf(const v1::CallOpened& call,
                                                    const v1::PartnershipApproved& approval,
                                                    const v1::Partnership& partnership);

// Fills in the joined fields of a stored partnership (status, decision, obligations as of
// `day`, tranches, call_version) from the state.
absl::Status CompleteView(const projection::StateReader& state, absl::CivilDay day,
                          v1::Partnership& partnership);

// The line of a completed partnership in a list.
v1::PartnershipSummary SummaryOf(const v1::Partnership& partnership);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_VIEW_H_
