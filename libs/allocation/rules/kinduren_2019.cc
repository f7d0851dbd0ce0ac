#include "libs/allocation/rules/kinduren_2019.h"

#include "libs/allocation/internal/rule_support.h"
#include "libs/common/error.h"

namespace stem::allocation {

absl::Status Kinduren2019::ValidateParameters(
    const std::map<std::string, std::string>& parameters) const {
  if (!parameters.empty()) {
    return MakeError(absl::StatusCode::kInvalidArgument, "RULE_PARAMETERS_INVALID",
                     "KINDUREN_2019 takes no parameters");
  }
  return absl::OkStatus();
}

absl::StatusOr<Allocation> Kinduren2019::Allocate(const PeriodInput& input) const {
  if (absl::Status valid = internal::CheckInput(input); !valid.ok()) return valid;
  if (absl::Status valid = ValidateParameters(input.terms.parameters); !valid.ok()) return valid;
  Allocation allocation;
  allocation.rule_id = id();
  allocation.rule_version = version();
  allocation.method = "MINIMUM_GRANT_DIVISION";
  std::vector<Share> shares;
  for (const ApplicationInput* application : internal::InKboOrder(input)) {
    Decision decision;
    decision.kbo = application->kbo;
    decision.cap_cents = ApplicationCap(input.terms, application->requested_cents);
    decision.child_minutes = internal::ChildMinutes(*application);
    decision.weight = decision.child_minutes;
    decision.municipalities =
        internal::CountMunicipalities(*application, input.municipalities_with_demand);
    shares.push_back({decision.kbo, decision.weight, decision.cap_cents});
    allocation.decisions.push_back(std::move(decision));
  }
  internal::TakeDivision(
      AllocateWithMinimum(input.terms.budget_cents, input.terms.minimum_grant_cents, shares),
      input.terms.budget_cents, allocation);
  return allocation;
}

}  // namespace stem::allocation
