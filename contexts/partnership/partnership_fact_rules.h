// The rules every fact of the partnership context meets (events/fact_rules.h): before a
// command appends it and whenever a projection reads it.
#ifndef STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_FACT_RULES_H_
#define STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_FACT_RULES_H_

#include "libs/events/fact_rules.h"

namespace stem::partnership {

void RegisterPartnershipFactRules(events::FactRules& rules);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_FACT_RULES_H_
