#include "contexts/subsidy/subsidy_upcasters.h"

namespace stem::subsidy {

// Every subsidy fact is still at schema version 1: there is no step yet.
void RegisterSubsidyUpcasters(events::UpcasterRegistry& /*upcasters*/) {}

}  // namespace stem::subsidy
