// The rules every fact of the subsidy context meets (events/fact_rules.h): before a command
// appends it and whenever a projection reads it.
#ifndef STEM_CONTEXTS_SUBSIDY_SUBSIDY_FACT_RULES_H_
#define STEM_CONTEXTS_SUBSIDY_SUBSIDY_FACT_RULES_H_

#include "libs/events/fact_rules.h"

namespace stem::subsidy {

void RegisterSubsidyFactRules(events::FactRules& rules);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_SUBSIDY_FACT_RULES_H_
