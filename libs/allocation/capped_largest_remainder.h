// The capped largest remainder division of rulebook section 5, and its variant with a
// minimum grant. Exact integer arithmetic in cents; products of budget and weight are
// 128-bit. Every step is recorded, so that a decision can be explained and recomputed.
#ifndef STEM_LIBS_ALLOCATION_CAPPED_LARGEST_REMAINDER_H_
#define STEM_LIBS_ALLOCATION_CAPPED_LARGEST_REMAINDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stem::allocation {

struct Share {
  // Identifies the application; ties of remainders go to the lowest key (the KBO number).
  std::string key;
  int64_t weight = 0;
  // Unset: no cap.
  std::optional<int64_t> cap;
};

enum class Outcome {
  kZeroWeight,         // w = 0: nothing
  kCapBelowMinimum,    // its cap is below the minimum grant: nothing
  kDroppedForMinimum,  // the budget did not stretch to a minimum grant for it: nothing
  kCapped,             // got its cap in step 2
  kProportional,       // got floor(R·w / W), maybe plus one cent
};

struct ShareResult {
  std::string key;
  int64_t weight = 0;
  std::optional<int64_t> cap;
  Outcome outcome = Outcome::kZeroWeight;
  // Step 2: the round (from 1) in which it reached its cap.
  int capped_in_round = 0;
  // Step 3: floor(R·w / W), the remainder (R·w) mod W as decimal text (it can exceed 64
  // bits), and whether a leftover cent went to it.
  int64_t floor_share = 0;
  std::string remainder;
  bool extra_cent = false;
  // With a minimum grant: the minimum it got before its share.
  int64_t minimum_part = 0;
  int64_t amount = 0;
};

struct Division {
  int64_t budget = 0;
  // R and W of the last round of step 2: what step 3 divided.
  int64_t remaining_after_caps = 0;
  std::string total_active_weight;
  int rounds = 0;
  std::vector<ShareResult> shares;  // in the order given
  int64_t allocated = 0;
};

// CLR(B, apps). Weights must be >= 0 and caps >= 0 (checked by callers; a negative one is
// a programming error and aborts).
Division CappedLargestRemainder(int64_t budget, const std::vector<Share>& shares);

// The allocation with minimum grant m (m = 0: plain CLR): apps with w = 0 or a cap below m
// get 0; the others, by weight descending then key ascending, are dropped from the end
// while count x m > B; each remaining app gets m plus its share of
// CLR(B - count x m, caps reduced by m).
Division AllocateWithMinimum(int64_t budget, int64_t minimum, const std::vector<Share>& shares);

const char* ToString(Outcome outcome);

}  // namespace stem::allocation

#endif  // STEM_LIBS_ALLOCATION_CAPPED_LARGEST_REMAINDER_H_
