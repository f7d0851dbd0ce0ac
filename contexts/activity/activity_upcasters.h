// The schema steps of the activity context's facts (libs/events/upcaster.h): when one of its
// payloads changes incompatibly, its step from the old version is registered here, and every
// process reads old facts in today's shape (contexts/suite registers every context's).
#ifndef STEM_CONTEXTS_ACTIVITY_ACTIVITY_UPCASTERS_H_
#define STEM_CONTEXTS_ACTIVITY_ACTIVITY_UPCASTERS_H_

#include "libs/events/upcaster.h"

namespace stem::activity {

void RegisterActivityUpcasters(events::UpcasterRegistry& upcasters);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_ACTIVITY_UPCASTERS_H_
