#include "libs/allocation/rules/gemeente_2020.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "libs/allocation/internal/rule_support.h"
#include "libs/common/error.h"

namespace stem::allocation {
namespace {

struct Parameters {
  int64_t amount_per_municipality = 0;
  int64_t demand_bonus_permille = 0;
  int64_t minimum_sessions = 0;
};

absl::StatusOr<Parameters> Parse(const std::map<std::string, std::string>& parameters) {
  Parameters parsed;
  for (const auto& [name, value] : parameters) {
    if (name != Gemeente2020::kAmountPerMunicipality &&
        name != Gemeente2020::kDemandBonusPermille && name != Gemeente2020::kMinimumSessions) {
      return MakeError(absl::StatusCode::kInvalidArgument, "RULE_PARAMETERS_INVALID",
                       "GEMEENTE_2020 has no parameter " + name);
    }
  }
  auto amount = internal::IntegerParameter(parameters, Gemeente2020::kAmountPerMunicipality);
  if (!amount.ok()) return amount.status();
  auto bonus = internal::IntegerParameter(parameters, Gemeente2020::kDemandBonusPermille);
  if (!bonus.ok()) return bonus.status();
  auto sessions = internal::IntegerParameter(parameters, Gemeente2020::kMinimumSessions);
  if (!sessions.ok()) return sessions.status();
  if (*sessions < 1) {
    return MakeError(absl::StatusCode::kInvalidArgument, "RULE_PARAMETERS_INVALID",
                     "minimum_sessions must be at least 1");
  }
  parsed.amount_per_municipality = *amount;
  parsed.demand_bonus_permille = *bonus;
  parsed.minimum_sessions = *sessions;
  return parsed;
}

// floor(A x (1000 + P if demand else 1000) / 1000), exactly.
int64_t MunicipalityClaim(const Parameters& parameters, bool demand) {
  const absl::int128 permille = 1000 + (demand ? parameters.demand_bonus_permille : 0);
  return static_cast<int64_t>(absl::int128(parameters.amount_per_municipality) * permille / 1000);
}

}  // namespace

absl::Status Gemeente2020::ValidateParameters(
    const std::map<std::string, std::string>& parameters) const {
  return Parse(parameters).status();
}

absl::StatusOr<Allocation> Gemeente2020::Allocate(const PeriodInput& input) const {
  if (absl::Status valid = internal::CheckInput(input); !valid.ok()) return valid;
  auto parameters = Parse(input.terms.parameters);
  if (!parameters.ok()) return parameters.status();
  const int64_t minimum = input.terms.minimum_grant_cents;

  Allocation allocation;
  allocation.rule_id = id();
  allocation.rule_version = version();
  std::vector<Share> shares;
  absl::int128 total_claims = 0;
  for (const ApplicationInput* application : internal::InKboOrder(input)) {
    Decision decision;
    decision.kbo = application->kbo;
    decision.cap_cents = ApplicationCap(input.terms, application->requested_cents);
    decision.child_minutes = internal::ChildMinutes(*application);
    decision.municipalities =
        internal::CountMunicipalities(*application, input.municipalities_with_demand);
    // A trajectory: one activity there with at least S counted sessions.
    for (CountedMunicipality& municipality : decision.municipalities) {
      for (const ActivityInput& activity : application->activities) {
        if (activity.municipality_nis_code == municipality.nis_code &&
            activity.sessions_counted >= parameters->minimum_sessions) {
          municipality.trajectory = true;
        }
      }
      if (municipality.trajectory) {
        municipality.claim_cents = MunicipalityClaim(*parameters, municipality.demand);
        decision.claim_cents += municipality.claim_cents;
      }
    }
    int64_t claim = decision.claim_cents;
    if (decision.cap_cents) claim = std::min(claim, *decision.cap_cents);
    if (claim < minimum) claim = 0;
    decision.weight = claim;
    total_claims += claim;
    shares.push_back({decision.kbo, claim, claim});
    allocation.decisions.push_back(std::move(decision));
  }

  if (total_claims <= input.terms.budget_cents) {
    // Every claim is paid in full: as a division, each app gets its cap.
    allocation.method = "CLAIMS_FIT";
    Division division;
    division.budget = input.terms.budget_cents;
    for (const Share& share : shares) {
      ShareResult result;
      result.key = share.key;
      result.weight = share.weight;
      result.cap = share.cap;
      result.outcome = share.weight > 0 ? Outcome::kCapped : Outcome::kZeroWeight;
      result.amount = share.weight;
      division.shares.push_back(result);
      division.allocated += result.amount;
    }
    internal::TakeDivision(std::move(division), input.terms.budget_cents, allocation);
  } else {
    allocation.method = "MINIMUM_GRANT_DIVISION";
    internal::TakeDivision(AllocateWithMinimum(input.terms.budget_cents, minimum, shares),
                           input.terms.budget_cents, allocation);
  }
  return allocation;
}

}  // namespace stem::allocation
