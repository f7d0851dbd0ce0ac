// What the partnership service knows of activities (read from the activity context's
// facts): which academy registered each activity, under "activity/<activity id>". A report
// names the registered activities it covers (rulebook section 6); they must exist and
// belong to the lead or a partner.
#ifndef STEM_CONTEXTS_PARTNERSHIP_REGISTERED_ACTIVITIES_H_
#define STEM_CONTEXTS_PARTNERSHIP_REGISTERED_ACTIVITIES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::partnership {

// Keeps ActivityRegistered; the other activity facts (attendance, cancellations, school
// calendars) do not change who registered an activity.
absl::Status ProjectActivityFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

// The KBO number of the academy that registered the activity; nullopt when none did.
absl::StatusOr<std::optional<std::string>> RegisteredBy(const projection::StateReader& state,
                                                        const std::string& activity_id);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_REGISTERED_ACTIVITIES_H_
