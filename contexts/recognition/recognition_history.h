// What the services that read the recognition context (activity, partnership, subsidy)
// know of recognitions, from its facts: per academy, its grants and revocations, each kept as its
// own fact under "recognition/<kbo>/<aggregate version>". The answer "recognised on day D" is
// computed at query time with domain::RecognitionOn, the same rule the recognition service uses.
#ifndef STEM_CONTEXTS_RECOGNITION_RECOGNITION_HISTORY_H_
#define STEM_CONTEXTS_RECOGNITION_RECOGNITION_HISTORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "libs/domain/recognition_rules.h"
#include "libs/projection/projection_store.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::recognition {

// Keeps RecognitionGranted and RecognitionRevoked; the other recognition facts
// (applications, rejections) do not change when an academy is recognised.
absl::Status ProjectRecognitionFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch);

// The academy's grants and revocations, each decided at its fact's aggregate version.
absl::StatusOr<domain::RecognitionHistory> LoadRecognitionHistory(
    const projection::StateReader& state, const std::string& kbo);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_RECOGNITION_HISTORY_H_
