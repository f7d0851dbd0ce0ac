#include "libs/allocation/internal/rule_support.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"

namespace stem::allocation::internal {

absl::Status CheckInput(const PeriodInput& input) {
  if (input.terms.budget_cents < 0 || input.terms.minimum_grant_cents < 0 ||
      (input.terms.academy_cap_cents && *input.terms.academy_cap_cents < 0)) {
    return absl::InvalidArgumentError("budget, minimum grant and cap are never negative");
  }
  std::set<std::string> seen;
  for (const ApplicationInput& application : input.applications) {
    if (!seen.insert(application.kbo).second) {
      return absl::InvalidArgumentError("two applications of academy " + application.kbo);
    }
    if (application.requested_cents && *application.requested_cents < 0) {
      return absl::InvalidArgumentError("a negative requested amount of " + application.kbo);
    }
    for (const ActivityInput& activity : application.activities) {
      if (activity.child_minutes < 0 || activity.sessions_counted < 0) {
        return absl::InvalidArgumentError("negative child-minutes or sessions of " +
                                          activity.activity_id);
      }
    }
  }
  return absl::OkStatus();
}

std::vector<CountedMunicipality> CountMunicipalities(const ApplicationInput& application,
                                                     const std::set<std::string>& demand) {
  std::map<std::string, CountedMunicipality> by_code;
  for (const ActivityInput& activity : application.activities) {
    CountedMunicipality& counted = by_code[activity.municipality_nis_code];
    counted.nis_code = activity.municipality_nis_code;
    counted.demand = demand.count(activity.municipality_nis_code) > 0;
    counted.child_minutes += activity.child_minutes;
    counted.sessions_counted += activity.sessions_counted;
  }
  std::vector<CountedMunicipality> result;
  for (auto& [code, counted] : by_code) result.push_back(std::move(counted));
  return result;
}

int64_t ChildMinutes(const ApplicationInput& application) {
  int64_t total = 0;
  for (const ActivityInput& activity : application.activities) total += activity.child_minutes;
  return total;
}

std::vector<const ApplicationInput*> InKboOrder(const PeriodInput& input) {
  std::vector<const ApplicationInput*> ordered;
  for (const ApplicationInput& application : input.applications) ordered.push_back(&application);
  std::sort(ordered.begin(), ordered.end(),
            [](const ApplicationInput* a, const ApplicationInput* b) { return a->kbo < b->kbo; });
  return ordered;
}

absl::StatusOr<int64_t> IntegerParameter(const std::map<std::string, std::string>& parameters,
                                         const std::string& name) {
  auto found = parameters.find(name);
  int64_t value = 0;
  if (found == parameters.end() || !absl::SimpleAtoi(ToAbsl(found->second), &value) || value < 0) {
    return MakeError(absl::StatusCode::kInvalidArgument, "RULE_PARAMETERS_INVALID",
                     "parameter " + name + " must be a non-negative integer");
  }
  return value;
}

void TakeDivision(Division division, int64_t budget, Allocation& allocation) {
  allocation.allocated_cents = 0;
  for (size_t i = 0; i < allocation.decisions.size(); ++i) {
    Decision& decision = allocation.decisions[i];
    decision.share = division.shares[i];
    decision.amount_cents = division.shares[i].amount;
    allocation.allocated_cents += decision.amount_cents;
  }
  allocation.unspent_cents = budget - allocation.allocated_cents;
  allocation.division = std::move(division);
}

}  // namespace stem::allocation::internal
