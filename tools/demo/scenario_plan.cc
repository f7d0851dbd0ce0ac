#include "tools/demo/scenario_plan.h"

#include <algorithm>

namespace stem::demo {

const AcademyPlan* ScenarioPlan::FindAcademy(const std::string& kbo) const {
  auto found = std::lower_bound(
      academies.begin(), academies.end(), kbo,
      [](const AcademyPlan& academy, const std::string& key) { return academy.kbo < key; });
  return found != academies.end() && found->kbo == kbo ? &*found : nullptr;
}

}  // namespace stem::demo
