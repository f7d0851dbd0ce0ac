// The rules every fact of the activity context meets (events/fact_rules.h): before a command
// appends it and whenever a projection reads it.
#ifndef STEM_CONTEXTS_ACTIVITY_ACTIVITY_FACT_RULES_H_
#define STEM_CONTEXTS_ACTIVITY_ACTIVITY_FACT_RULES_H_

#include "libs/events/fact_rules.h"

namespace stem::activity {

void RegisterActivityFactRules(events::FactRules& rules);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_ACTIVITY_FACT_RULES_H_
