// What every process of the suite registers before any runtime starts: the fact rules of
// all four contexts (suite_fact_rules.h) and their upcasters, so that every reader judges
// facts alike and reads old facts in today's shape - a projector reads other contexts'
// facts too.
#ifndef STEM_CONTEXTS_SUITE_SUITE_SCHEMA_H_
#define STEM_CONTEXTS_SUITE_SUITE_SCHEMA_H_

#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"

namespace stem::suite {

void RegisterSuiteUpcasters(events::UpcasterRegistry& upcasters);

// RegisterSuiteFactRules and RegisterSuiteUpcasters: what service::ProcessSpec asks for.
void RegisterSuiteSchema(events::FactRules& rules, events::UpcasterRegistry& upcasters);

}  // namespace stem::suite

#endif  // STEM_CONTEXTS_SUITE_SUITE_SCHEMA_H_
