#include "contexts/suite/suite_fact_rules.h"

#include "contexts/activity/activity_fact_rules.h"
#include "contexts/partnership/partnership_fact_rules.h"
#include "contexts/recognition/recognition_fact_rules.h"
#include "contexts/subsidy/subsidy_fact_rules.h"
#include "libs/service/fact_key_currency.h"

namespace stem::suite {

void RegisterSuiteFactRules(events::FactRules& rules) {
  service::RegisterFactKeyRules(rules);
  recognition::RegisterRecognitionFactRules(rules);
  activity::RegisterActivityFactRules(rules);
  partnership::RegisterPartnershipFactRules(rules);
  subsidy::RegisterSubsidyFactRules(rules);
}

const events::FactRules& SuiteFactRules() {
  static const events::FactRules* const rules = [] {
    auto* built = new events::FactRules;
    RegisterSuiteFactRules(*built);
    return built;
  }();
  return *rules;
}

}  // namespace stem::suite
