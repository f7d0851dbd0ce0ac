// What the subsidy service keeps of the partnership context's facts (rulebook section 6),
// for tranches, budgets and coverage. Each fact changes only the keys of its own
// aggregate, so that any interleaving of the partnership topic's partitions gives the same
// state:
//   "subsidy/call/<call id>"                                CallOpened
//   "subsidy/approved/<partnership id>"                     PartnershipApproved
//   "subsidy/report/<partnership id>/<report id>"           ReportSubmitted
//   "subsidy/report-approved/<partnership id>/<report id>"  ReportApproved
// Facts of the partnership context this service does not use are ignored, so that that
// context can add facts without stopping this service.
#ifndef STEM_CONTEXTS_SUBSIDY_PARTNERSHIP_RECORDS_H_
#define STEM_CONTEXTS_SUBSIDY_PARTNERSHIP_RECORDS_H_

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::subsidy {

absl::Status ProjectPartnershipRecord(const events::v1::EventEnvelope& event,
                                      projection::Batch& batch);

absl::StatusOr<std::optional<partnership::v1::CallOpened>> LoadCall(
    const projection::StateReader& state, const std::string& call_id);
absl::Status ScanCalls(const projection::StateReader& state,
                       const projection::Visitor<partnership::v1::CallOpened>& visit);

absl::StatusOr<std::optional<partnership::v1::PartnershipApproved>> LoadApprovedPartnership(
    const projection::StateReader& state, const std::string& partnership_id);
absl::Status ScanApprovedPartnerships(
    const projection::StateReader& state,
    const projection::Visitor<partnership::v1::PartnershipApproved>& visit);

// The NIS codes where the partnership's approved reports say a STEM-trajectory was set up.
absl::StatusOr<std::set<std::string>> ApprovedTrajectories(const projection::StateReader& state,
                                                           const std::string& partnership_id);

// The call's tranche schedule in permille, in the order of the approvals that release the
// tranches (project, interim report, final report). A call that records none has the
// rulebook's default, 500 / 300 / 200.
std::vector<int32_t> ScheduleOf(const partnership::v1::CallOpened& call);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_PARTNERSHIP_RECORDS_H_
