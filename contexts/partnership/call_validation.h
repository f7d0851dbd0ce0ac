// Checks of an OpenCall request before anything is written (rulebook section 6).
#ifndef STEM_CONTEXTS_PARTNERSHIP_CALL_VALIDATION_H_
#define STEM_CONTEXTS_PARTNERSHIP_CALL_VALIDATION_H_

#include "absl/status/statusor.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

// The schedule of the rulebook when a call names none: 500 permille on approval, 300 on an
// approved interim report, 200 on an approved final report.
v1::TrancheSchedule DefaultTrancheSchedule();

// The call as a fact, without its opening date: title trimmed, the tranche schedule
// filled in when the request has none. INVALID_ARGUMENT (CALL_INVALID) for an id that is
// not 1-64 of [a-z0-9_-], a missing title, a budget <= 0, a maximum per project <= 0 or
// above the budget, a duration outside 1-120 months, a latest start outside 0-24 months, an
// interim report due outside 1..duration months, a final report due outside 0-24 months
// after the end, or a tranche schedule whose shares are not 0-1000 adding up to 1000.
absl::StatusOr<v1::CallOpened> ValidateCall(const v1::OpenCallRequest& request);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_CALL_VALIDATION_H_
