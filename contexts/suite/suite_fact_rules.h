// The fact rules of the whole suite: every process registers all four contexts' rules, so
// that a fact that breaks its owner's rules is set aside by every reader alike, and a replay
// in the audit sets aside exactly what the live projections did.
#ifndef STEM_CONTEXTS_SUITE_SUITE_FACT_RULES_H_
#define STEM_CONTEXTS_SUITE_SUITE_FACT_RULES_H_

#include "libs/events/fact_rules.h"

namespace stem::suite {

void RegisterSuiteFactRules(events::FactRules& rules);

// One set of the suite's rules, built on first use, for what has no Host to hold its own
// (the audit's helpers, tests).
const events::FactRules& SuiteFactRules();

}  // namespace stem::suite

#endif  // STEM_CONTEXTS_SUITE_SUITE_FACT_RULES_H_
