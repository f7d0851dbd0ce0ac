#include "contexts/suite/suite_schema.h"

#include "contexts/activity/activity_upcasters.h"
#include "contexts/partnership/partnership_upcasters.h"
#include "contexts/recognition/recognition_upcasters.h"
#include "contexts/subsidy/subsidy_upcasters.h"
#include "contexts/suite/suite_fact_rules.h"

namespace stem::suite {

void RegisterSuiteUpcasters(events::UpcasterRegistry& upcasters) {
  recognition::RegisterRecognitionUpcasters(upcasters);
  activity::RegisterActivityUpcasters(upcasters);
  partnership::RegisterPartnershipUpcasters(upcasters);
  subsidy::RegisterSubsidyUpcasters(upcasters);
}

void RegisterSuiteSchema(events::FactRules& rules, events::UpcasterRegistry& upcasters) {
  RegisterSuiteFactRules(rules);
  RegisterSuiteUpcasters(upcasters);
}

}  // namespace stem::suite
