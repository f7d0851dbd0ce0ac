// The rules every fact of the recognition context meets (events/fact_rules.h): before a
// command appends it and whenever a projection reads it.
#ifndef STEM_CONTEXTS_RECOGNITION_RECOGNITION_FACT_RULES_H_
#define STEM_CONTEXTS_RECOGNITION_RECOGNITION_FACT_RULES_H_

#include "libs/events/fact_rules.h"

namespace stem::recognition {

void RegisterRecognitionFactRules(events::FactRules& rules);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_RECOGNITION_FACT_RULES_H_
