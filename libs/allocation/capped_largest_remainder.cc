#include "libs/allocation/capped_largest_remainder.h"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "absl/numeric/int128.h"
#include "libs/common/check.h"

namespace stem::allocation {
namespace {

std::string Text(absl::uint128 value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

Division CappedLargestRemainder(int64_t budget, const std::vector<Share>& shares) {
  STEM_CHECK(budget >= 0, "a budget is never negative");
  Division division;
  division.budget = budget;
  std::vector<size_t> active;
  for (size_t i = 0; i < shares.size(); ++i) {
    const Share& share = shares[i];
    STEM_CHECK(share.weight >= 0, "weights are never negative");
    STEM_CHECK(!share.cap || *share.cap >= 0, "caps are never negative");
    ShareResult result;
    result.key = share.key;
    result.weight = share.weight;
    result.cap = share.cap;
    division.shares.push_back(result);
    if (share.weight > 0) active.push_back(i);
  }

  // Step 2: every active app whose proportional share reaches its cap gets the cap and
  // leaves; repeat with what remains until no app reaches its cap.
  int64_t remaining = budget;
  absl::uint128 total_weight = 0;
  while (!active.empty()) {
    ++division.rounds;
    total_weight = 0;
    for (size_t i : active) total_weight += static_cast<uint64_t>(shares[i].weight);
    std::vector<size_t> still_active;
    int64_t capped_sum = 0;
    for (size_t i : active) {
      const Share& share = shares[i];
      const bool reaches_cap =
          share.cap &&
          absl::uint128(static_cast<uint64_t>(remaining)) * static_cast<uint64_t>(share.weight) >=
              absl::uint128(static_cast<uint64_t>(*share.cap)) * total_weight;
      if (reaches_cap) {
        ShareResult& result = division.shares[i];
        result.outcome = Outcome::kCapped;
        result.capped_in_round = division.rounds;
        result.amount = *share.cap;
        capped_sum += *share.cap;
      } else {
        still_active.push_back(i);
      }
    }
    if (still_active.size() == active.size()) break;
    remaining -= capped_sum;
    active = std::move(still_active);
  }
  division.remaining_after_caps = remaining;
  division.total_active_weight = Text(total_weight);

  // Step 3: floor shares, then the leftover cents to the largest remainders, ties to the
  // lowest key.
  if (!active.empty()) {
    std::vector<absl::uint128> remainders(shares.size());
    int64_t floors = 0;
    for (size_t i : active) {
      const absl::uint128 product =
          absl::uint128(static_cast<uint64_t>(remaining)) * static_cast<uint64_t>(shares[i].weight);
      ShareResult& result = division.shares[i];
      result.outcome = Outcome::kProportional;
      result.floor_share = static_cast<int64_t>(absl::Uint128Low64(product / total_weight));
      remainders[i] = product % total_weight;
      result.remainder = Text(remainders[i]);
      result.amount = result.floor_share;
      floors += result.floor_share;
    }
    std::sort(active.begin(), active.end(), [&](size_t a, size_t b) {
      if (remainders[a] != remainders[b]) return remainders[a] > remainders[b];
      return shares[a].key < shares[b].key;
    });
    const int64_t leftover = remaining - floors;
    // Each remainder is below W, so fewer cents are left over than apps share them.
    STEM_CHECK(leftover >= 0 && leftover < static_cast<int64_t>(active.size()),
               "leftover cents of a largest remainder division");
    for (int64_t cent = 0; cent < leftover; ++cent) {
      ShareResult& result = division.shares[active[static_cast<size_t>(cent)]];
      result.extra_cent = true;
      ++result.amount;
    }
  }
  for (const ShareResult& result : division.shares) division.allocated += result.amount;
  return division;
}

Division AllocateWithMinimum(int64_t budget, int64_t minimum, const std::vector<Share>& shares) {
  STEM_CHECK(minimum >= 0, "a minimum grant is never negative");
  if (minimum == 0) return CappedLargestRemainder(budget, shares);

  // Candidates: positive weight and a cap that leaves room for the minimum.
  std::vector<size_t> candidates;
  for (size_t i = 0; i < shares.size(); ++i) {
    if (shares[i].weight > 0 && (!shares[i].cap || *shares[i].cap >= minimum)) {
      candidates.push_back(i);
    }
  }
  std::sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
    if (shares[a].weight != shares[b].weight) return shares[a].weight > shares[b].weight;
    return shares[a].key < shares[b].key;
  });
  while (!candidates.empty() &&
         absl::int128(static_cast<int64_t>(candidates.size())) * minimum > budget) {
    candidates.pop_back();
  }
  std::vector<bool> kept(shares.size(), false);
  for (size_t i : candidates) kept[i] = true;

  // The kept apps share what is left after their minimums, with caps reduced by m; the
  // others take part with weight 0 so that the division keeps every app in order.
  std::vector<Share> reduced;
  for (size_t i = 0; i < shares.size(); ++i) {
    Share share = shares[i];
    if (!kept[i]) {
      share.weight = 0;
    } else if (share.cap) {
      share.cap = *share.cap - minimum;
    }
    reduced.push_back(share);
  }
  const int64_t rest = budget - static_cast<int64_t>(candidates.size()) * minimum;
  Division division = CappedLargestRemainder(rest, reduced);
  division.budget = budget;
  division.allocated = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    ShareResult& result = division.shares[i];
    result.cap = shares[i].cap;
    if (kept[i]) {
      result.minimum_part = minimum;
      result.amount += minimum;
    } else if (shares[i].weight == 0) {
      result.outcome = Outcome::kZeroWeight;
    } else if (shares[i].cap && *shares[i].cap < minimum) {
      result.outcome = Outcome::kCapBelowMinimum;
    } else {
      result.outcome = Outcome::kDroppedForMinimum;
    }
    division.allocated += result.amount;
  }
  return division;
}

const char* ToString(Outcome outcome) {
  switch (outcome) {
    case Outcome::kZeroWeight:
      return "ZERO_WEIGHT";
    case Outcome::kCapBelowMinimum:
      return "CAP_BELOW_MINIMUM";
    case Outcome::kDroppedForMinimum:
      return "DROPPED_FOR_MINIMUM";
    case Outcome::kCapped:
      return "CAPPED";
    case Outcome::kProportional:
      return "PROPORTIONAL";
  }
  return "UNKNOWN";
}

}  // namespace stem::allocation
