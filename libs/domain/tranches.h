// Tranches of an approved STEM-partnership (rulebook section 6, "Payments"): each approval
// event (the project, the interim report, the final report) releases one tranche of
// floor(amount x permille / 1000), the last tranche being the remainder, so that the
// tranches add up to the approved amount exactly. Shared by the partnership service (which
// shows the tranches to be) and the subsidy service (which orders them), so that they can
// never disagree.
#ifndef STEM_LIBS_DOMAIN_TRANCHES_H_
#define STEM_LIBS_DOMAIN_TRANCHES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace stem::domain {

inline constexpr int32_t kPermilleWhole = 1000;

// OK when the schedule has at least one share, every share is 0-1000 and they add up to
// 1000; INVALID_ARGUMENT (TRANCHE_SCHEDULE_INVALID) otherwise.
absl::Status ValidateTrancheSchedule(const std::vector<int32_t>& permille);

// The tranches of `amount_cents` by `permille`, in the schedule's order: every tranche but
// the last is floor(amount x share / 1000); the last is what remains. Exact for every
// amount of 0 up to the largest int64. INVALID_ARGUMENT (AMOUNT_INVALID) for a negative
// amount; the schedule's errors of ValidateTrancheSchedule.
absl::StatusOr<std::vector<int64_t>> SplitIntoTranches(int64_t amount_cents,
                                                       const std::vector<int32_t>& permille);

}  // namespace stem::domain

#endif  // STEM_LIBS_DOMAIN_TRANCHES_H_
