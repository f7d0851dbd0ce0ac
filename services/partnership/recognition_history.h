// What the partnership service knows of recognitions (read from the recognition context's
// facts): per academy, its grants and revocations, each kept as its own fact under
// "recognition/<kbo>/<aggregate version>". An approval needs its lead recognised on the
// decision date (rulebook section 6), answered with domain::RecognitionOn, the rule the
// recognition service itself uses. (The activity service keeps the same facts the same
// way: services/activity/recognition_history.h.)
#ifndef STEM_SERVICES_PARTNERSHIP_RECOGNITION_HISTORY_H_
#define STEM_SERVICES_PARTNERSHIP_RECOGNITION_HISTORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "libs/domain/recognition_rules.h"
#include "libs/projection/projection_store.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::partnership {

// Keeps RecognitionGranted and RecognitionRevoked; the other recognition facts
// (applications, rejections) do not change when an academy is recognised.
absl::Status ProjectRecognitionFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch);

// The academy's grants and revocations, each decided at its fact's aggregate version.
absl::StatusOr<domain::RecognitionHistory> LoadRecognitionHistory(
    const projection::StateReader& state, const std::string& kbo);

}  // namespace stem::partnership

#endif  // STEM_SERVICES_PARTNERSHIP_RECOGNITION_HISTORY_H_
