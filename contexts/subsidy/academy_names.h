// The names of academies, for the register (rulebook section 7): the name of each
// academy's latest recognition application, "subsidy/academy/<kbo>". Whether an academy is
// recognised on a date comes from the recognition history the activity projector keeps
// beside it (services/activity/recognition_history.h), the same rule everywhere.
#ifndef STEM_CONTEXTS_SUBSIDY_ACADEMY_NAMES_H_
#define STEM_CONTEXTS_SUBSIDY_ACADEMY_NAMES_H_

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::subsidy {

// Keeps ApplicationSubmitted's name; the other recognition facts are ignored here.
absl::Status ProjectAcademyName(const events::v1::EventEnvelope& event, projection::Batch& batch);

// Visits academies that ever applied for recognition in KBO order, after `after_kbo` when it
// is not empty, until `visit` stops or fails (its error is the scan's). Names are plain
// text, not messages.
using AcademyNameVisitor = std::function<absl::StatusOr<projection::Visit>(
    const std::string& kbo, const std::string& name)>;
absl::Status ScanAcademyNames(const projection::StateReader& state, const std::string& after_kbo,
                              const AcademyNameVisitor& visit);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_ACADEMY_NAMES_H_
