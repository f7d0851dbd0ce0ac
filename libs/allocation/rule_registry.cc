// The rules the suite knows. A period names its rule by id; a new rule is a new file under
// rules/ and one line here.
#include <memory>

#include "absl/strings/str_join.h"
#include "libs/allocation/allocation_rule.h"
#include "libs/allocation/rules/gemeente_2020.h"
#include "libs/allocation/rules/kinduren_2019.h"
#include "libs/common/error.h"

namespace stem::allocation {
namespace {

const std::vector<std::unique_ptr<AllocationRule>>& Rules() {
  static const auto* rules = [] {
    auto* all = new std::vector<std::unique_ptr<AllocationRule>>;
    all->push_back(std::make_unique<Kinduren2019>());
    all->push_back(std::make_unique<Gemeente2020>());
    return all;
  }();
  return *rules;
}

}  // namespace

absl::StatusOr<const AllocationRule*> FindRule(const std::string& rule_id) {
  for (const auto& rule : Rules()) {
    if (rule->id() == rule_id) return rule.get();
  }
  return MakeError(
      absl::StatusCode::kNotFound, "RULE_UNKNOWN",
      "no allocation rule " + rule_id + "; known: " + absl::StrJoin(KnownRules(), ", "));
}

std::vector<std::string> KnownRules() {
  std::vector<std::string> ids;
  for (const auto& rule : Rules()) ids.push_back(rule->id());
  return ids;
}

}  // namespace stem::allocation
