// What the rules share: checking inputs, grouping an academy's activities by municipality,
// and turning a division into decisions.
#ifndef STEM_LIBS_ALLOCATION_INTERNAL_RULE_SUPPORT_H_
#define STEM_LIBS_ALLOCATION_INTERNAL_RULE_SUPPORT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/allocation/allocation_rule.h"

namespace stem::allocation::internal {

// INVALID_ARGUMENT for inputs no service should produce: two applications of one academy,
// negative amounts or counts, a negative budget.
absl::Status CheckInput(const PeriodInput& input);

// The application's activities per municipality (child-minutes and sessions summed), with
// the municipality's demand flag; in NIS-code order.
std::vector<CountedMunicipality> CountMunicipalities(const ApplicationInput& application,
                                                     const std::set<std::string>& demand);

int64_t ChildMinutes(const ApplicationInput& application);

// Applications in KBO order: the order of decisions, and of ties.
std::vector<const ApplicationInput*> InKboOrder(const PeriodInput& input);

// A parameter as a non-negative integer; RULE_PARAMETERS_INVALID when missing or not one.
absl::StatusOr<int64_t> IntegerParameter(const std::map<std::string, std::string>& parameters,
                                         const std::string& name);

// Fills amounts, shares and totals from a division whose shares are in the order of
// `allocation.decisions`.
void TakeDivision(Division division, int64_t budget, Allocation& allocation);

}  // namespace stem::allocation::internal

#endif  // STEM_LIBS_ALLOCATION_INTERNAL_RULE_SUPPORT_H_
