#include "contexts/partnership/partnership_upcasters.h"

namespace stem::partnership {

// Every partnership fact is still at schema version 1: there is no step yet.
void RegisterPartnershipUpcasters(events::UpcasterRegistry& /*upcasters*/) {}

}  // namespace stem::partnership
