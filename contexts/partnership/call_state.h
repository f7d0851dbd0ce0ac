// The call aggregate as the partnership service keeps it (rulebook section 6):
//   "call/<call id>"                        -> Call: its parameters, the sum and counts of
//                                              its decisions, its version;
//   "decision/<call id>/<partnership id>"   -> Decision: its decision on one application.
// Both are written by the call's own facts only (CallOpened, PartnershipApproved,
// PartnershipRejected), so that the projection does not depend on how the partitions of
// calls and partnerships interleave: an application's status is read from both at query
// time.
#ifndef STEM_CONTEXTS_PARTNERSHIP_CALL_STATE_H_
#define STEM_CONTEXTS_PARTNERSHIP_CALL_STATE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

inline constexpr char kCallAggregate[] = "call";

absl::StatusOr<std::optional<v1::Call>> LoadCall(const projection::StateReader& state,
                                                 const std::string& call_id);

// NOT_FOUND (CALL_NOT_FOUND) when no call has this id.
absl::StatusOr<v1::Call> RequireCall(const projection::StateReader& state,
                                     const std::string& call_id);

// Visits calls in id order, starting after `after_id` ("" for the first), until `visit`
// returns false.
absl::Status ScanCalls(const projection::StateReader& state, const std::string& after_id,
                       const projection::Visitor<v1::Call>& visit);

// The call's decision on the application, if it has taken one.
absl::StatusOr<std::optional<v1::Decision>> LoadDecision(const projection::StateReader& state,
                                                         const std::string& call_id,
                                                         const std::string& partnership_id);

// The call's tranche schedule as libs/domain/tranches.h takes it: approval, interim
// report, final report.
std::vector<int32_t> ScheduleOf(const v1::CallOpened& call);

// Applies one fact of a call aggregate.
absl::Status ProjectCallFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_CALL_STATE_H_
