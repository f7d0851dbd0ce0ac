// Allocation rules (rulebook section 5): pure, versioned functions from recorded inputs to
// decisions. A rule is chosen by the id a period records when it opens, with that period's
// parameters, so that a decision can be recomputed years later with the rule that was in
// force. Adding a rule means adding a file under rules/ and a line in rule_registry.cc;
// no other rule changes.
#ifndef STEM_LIBS_ALLOCATION_ALLOCATION_RULE_H_
#define STEM_LIBS_ALLOCATION_ALLOCATION_RULE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/allocation/capped_largest_remainder.h"

namespace stem::allocation {

// The terms a period was opened with.
struct PeriodTerms {
  int64_t budget_cents = 0;
  // 0: none.
  int64_t minimum_grant_cents = 0;
  // Unset: no cap.
  std::optional<int64_t> academy_cap_cents;
  std::map<std::string, std::string> parameters;
};

// What an application's academy did in the period, per activity: the inputs every rule
// derives its weights from. Computed by the subsidy service from the log, and recorded in
// each decision.
struct ActivityInput {
  std::string activity_id;
  std::string municipality_nis_code;
  // Sessions dated inside the period with child-minutes > 0, and their child-minutes.
  int32_t sessions_counted = 0;
  int64_t child_minutes = 0;
};

struct ApplicationInput {
  std::string kbo;
  // Unset: no requested amount.
  std::optional<int64_t> requested_cents;
  std::vector<ActivityInput> activities;
};

struct PeriodInput {
  PeriodTerms terms;
  // Municipalities whose demand for the period stood when the window closed.
  std::set<std::string> municipalities_with_demand;
  std::vector<ApplicationInput> applications;
};

// A municipality as a rule counted it for an academy.
struct CountedMunicipality {
  std::string nis_code;
  bool demand = false;
  int64_t child_minutes = 0;
  int32_t sessions_counted = 0;
  // GEMEENTE_2020: whether the academy has a trajectory there, and what it claims for it.
  bool trajectory = false;
  int64_t claim_cents = 0;
};

struct Decision {
  std::string kbo;
  int64_t amount_cents = 0;
  // The application's cap: the smaller of the per-academy cap and the requested amount.
  std::optional<int64_t> cap_cents;
  int64_t weight = 0;
  int64_t child_minutes = 0;
  // GEMEENTE_2020: the claim before and after capping.
  int64_t claim_cents = 0;
  std::vector<CountedMunicipality> municipalities;
  // How the division treated it.
  ShareResult share;
};

struct Allocation {
  std::string rule_id;
  int32_t rule_version = 0;
  std::vector<Decision> decisions;  // one per application, in KBO order
  int64_t allocated_cents = 0;
  int64_t unspent_cents = 0;
  // How the budget was divided: "CLAIMS_FIT" (every claim paid in full) or
  // "MINIMUM_GRANT_DIVISION".
  std::string method;
  Division division;
};

class AllocationRule {
 public:
  virtual ~AllocationRule() = default;
  virtual std::string id() const = 0;
  virtual int32_t version() const = 0;
  // INVALID_ARGUMENT (reason RULE_PARAMETERS_INVALID) for parameters this rule cannot use.
  virtual absl::Status ValidateParameters(
      const std::map<std::string, std::string>& parameters) const = 0;
  virtual absl::StatusOr<Allocation> Allocate(const PeriodInput& input) const = 0;
};

// The rule with this id; NOT_FOUND (reason RULE_UNKNOWN) otherwise.
absl::StatusOr<const AllocationRule*> FindRule(const std::string& rule_id);
std::vector<std::string> KnownRules();

// The cap of an application: the smaller of the per-academy cap and the requested amount.
std::optional<int64_t> ApplicationCap(const PeriodTerms& terms,
                                      const std::optional<int64_t>& requested_cents);

}  // namespace stem::allocation

#endif  // STEM_LIBS_ALLOCATION_ALLOCATION_RULE_H_
