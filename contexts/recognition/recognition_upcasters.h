// The schema steps of the recognition context's facts (libs/events/upcaster.h): when one of its
// payloads changes incompatibly, its step from the old version is registered here, and every
// process reads old facts in today's shape (contexts/suite registers every context's).
#ifndef STEM_CONTEXTS_RECOGNITION_RECOGNITION_UPCASTERS_H_
#define STEM_CONTEXTS_RECOGNITION_RECOGNITION_UPCASTERS_H_

#include "libs/events/upcaster.h"

namespace stem::recognition {

void RegisterRecognitionUpcasters(events::UpcasterRegistry& upcasters);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_RECOGNITION_UPCASTERS_H_
