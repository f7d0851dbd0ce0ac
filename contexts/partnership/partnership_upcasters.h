// The schema steps of the partnership context's facts (libs/events/upcaster.h): when one of its
// payloads changes incompatibly, its step from the old version is registered here, and every
// process reads old facts in today's shape (contexts/suite registers every context's).
#ifndef STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_UPCASTERS_H_
#define STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_UPCASTERS_H_

#include "libs/events/upcaster.h"

namespace stem::partnership {

void RegisterPartnershipUpcasters(events::UpcasterRegistry& upcasters);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_UPCASTERS_H_
