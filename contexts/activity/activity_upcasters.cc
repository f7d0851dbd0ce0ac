#include "contexts/activity/activity_upcasters.h"

namespace stem::activity {

// Every activity fact is still at schema version 1: there is no step yet.
void RegisterActivityUpcasters(events::UpcasterRegistry& /*upcasters*/) {}

}  // namespace stem::activity
