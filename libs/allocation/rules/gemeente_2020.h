// GEMEENTE_2020 (parameters A = amount_per_municipality_cents, P = demand_bonus_permille,
// S = minimum_sessions): an academy has a trajectory in a municipality when one of its
// activities there has at least S sessions in the period with child-minutes > 0. Its claim
// is the sum over those municipalities of floor(A x (1000 + P if the municipality
// registered demand, else 1000) / 1000), then capped. Claims below the minimum grant become
// 0. If the claims fit in the budget, each academy gets its claim; else the allocation with
// minimum grant over weights = caps = claims.
#ifndef STEM_LIBS_ALLOCATION_RULES_GEMEENTE_2020_H_
#define STEM_LIBS_ALLOCATION_RULES_GEMEENTE_2020_H_

#include "libs/allocation/allocation_rule.h"

namespace stem::allocation {

class Gemeente2020 final : public AllocationRule {
 public:
  static constexpr char kAmountPerMunicipality[] = "amount_per_municipality_cents";
  static constexpr char kDemandBonusPermille[] = "demand_bonus_permille";
  static constexpr char kMinimumSessions[] = "minimum_sessions";

  std::string id() const override { return "GEMEENTE_2020"; }
  int32_t version() const override { return 1; }
  absl::Status ValidateParameters(
      const std::map<std::string, std::string>& parameters) const override;
  absl::StatusOr<Allocation> Allocate(const PeriodInput& input) const override;
};

}  // namespace stem::allocation

#endif  // STEM_LIBS_ALLOCATION_RULES_GEMEENTE_2020_H_
