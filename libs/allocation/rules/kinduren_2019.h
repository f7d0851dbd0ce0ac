// KINDUREN_2019 (no parameters): weight = the academy's child-minutes in sessions dated
// inside the period; the budget is divided with the minimum grant.
#ifndef STEM_LIBS_ALLOCATION_RULES_KINDUREN_2019_H_
#define STEM_LIBS_ALLOCATION_RULES_KINDUREN_2019_H_

#include "libs/allocation/allocation_rule.h"

namespace stem::allocation {

class Kinduren2019 final : public AllocationRule {
 public:
  std::string id() const override { return "KINDUREN_2019"; }
  int32_t version() const override { return 1; }
  absl::Status ValidateParameters(
      const std::map<std::string, std::string>& parameters) const override;
  absl::StatusOr<Allocation> Allocate(const PeriodInput& input) const override;
};

}  // namespace stem::allocation

#endif  // STEM_LIBS_ALLOCATION_RULES_KINDUREN_2019_H_
