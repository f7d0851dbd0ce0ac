#include "libs/domain/tranches.h"

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"

namespace stem::domain {
namespace {

// floor(amount x share / 1000) without a 128-bit product: with amount = 1000q + r,
// amount x share / 1000 = q x share + r x share / 1000, where q x share <= amount (share
// <= 1000) and r x share < 10^6, so nothing overflows.
int64_t ShareOf(int64_t amount, int32_t share) {
  const int64_t whole = amount / kPermilleWhole;
  const int64_t rest = amount % kPermilleWhole;
  return whole * share + rest * share / kPermilleWhole;
}

}  // namespace

absl::Status ValidateTrancheSchedule(const std::vector<int32_t>& permille) {
  if (permille.empty()) {
    return MakeError(absl::StatusCode::kInvalidArgument, "TRANCHE_SCHEDULE_INVALID",
                     "a tranche schedule has at least one share");
  }
  int64_t sum = 0;
  for (int32_t share : permille) {
    if (share < 0 || share > kPermilleWhole) {
      return MakeError(absl::StatusCode::kInvalidArgument, "TRANCHE_SCHEDULE_INVALID",
                       absl::StrCat("a tranche is 0-1000 permille, not ", share));
    }
    sum += share;
  }
  if (sum != kPermilleWhole) {
    return MakeError(absl::StatusCode::kInvalidArgument, "TRANCHE_SCHEDULE_INVALID",
                     absl::StrCat("the tranches add up to ", sum, " permille, not 1000"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<int64_t>> SplitIntoTranches(int64_t amount_cents,
                                                       const std::vector<int32_t>& permille) {
  if (absl::Status valid = ValidateTrancheSchedule(permille); !valid.ok()) return valid;
  if (amount_cents < 0) {
    return MakeError(absl::StatusCode::kInvalidArgument, "AMOUNT_INVALID",
                     absl::StrCat("an amount to split is not negative: ", amount_cents));
  }
  std::vector<int64_t> tranches;
  int64_t released = 0;
  for (size_t i = 0; i + 1 < permille.size(); ++i) {
    tranches.push_back(ShareOf(amount_cents, permille[i]));
    released += tranches.back();
  }
  // The shares before the last add up to at most 1000 permille, so this is >= 0.
  tranches.push_back(amount_cents - released);
  return tranches;
}

}  // namespace stem::domain
