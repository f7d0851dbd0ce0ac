// When an academy is recognised (rulebook section 2). Shared by every service that needs
// the answer (recognition answers queries; activity and subsidy count child-minutes only
// on recognised days), so that they can never disagree.
#ifndef STEM_LIBS_DOMAIN_RECOGNITION_RULES_H_
#define STEM_LIBS_DOMAIN_RECOGNITION_RULES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"

namespace stem::domain {

// Provisional: 1 year; full: 3 years.
inline constexpr int kProvisionalYears = 1;
inline constexpr int kFullYears = 3;

// The last day of a grant decided on `from` for `years`: the day before the anniversary,
// where 29 February counts as 28 February.
absl::CivilDay GrantValidUntil(absl::CivilDay from, int years);

struct GrantPeriod {
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
  // The order of decisions: the aggregate version of the grant's fact.
  int64_t decided_at = 0;
};

struct Revocation {
  absl::CivilDay effective_from;
  int64_t decided_at = 0;
};

struct RecognitionHistory {
  std::vector<GrantPeriod> grants;
  std::vector<Revocation> revocations;
};

enum class NotRecognisedBecause { kNeverGranted, kNotYetValid, kExpired, kRevoked };

struct RecognitionOnDay {
  // The grant that covers the day, when recognised.
  std::optional<GrantPeriod> grant;
  // Why not, when not recognised.
  NotRecognisedBecause because = NotRecognisedBecause::kNeverGranted;

  bool recognised() const { return grant.has_value(); }
};

// Recognised on day D iff a grant covers D and no revocation effective on or before D was
// decided after that grant. With several covering grants, the latest decided one answers.
RecognitionOnDay RecognitionOn(const RecognitionHistory& history, absl::CivilDay day);

// The day a revocation decided after `grant` cuts it short, if any (the earliest such).
std::optional<absl::CivilDay> RevokedFrom(const RecognitionHistory& history,
                                          const GrantPeriod& grant);

// The last day of the uninterrupted recognition that covers `day` (following grants that
// take over the day after one ends); nullopt when not recognised on `day`.
std::optional<absl::CivilDay> RecognisedUntil(const RecognitionHistory& history,
                                              absl::CivilDay day);

// Whether the academy was recognised on some day up to `day` ("recognised now or before",
// rulebook section 6). A grant that counts at all counts on its first day: a revocation
// cuts a grant from a day on, so one that spares any of its days spares the first.
bool RecognisedOnOrBefore(const RecognitionHistory& history, absl::CivilDay day);

const char* ToString(NotRecognisedBecause because);

}  // namespace stem::domain

#endif  // STEM_LIBS_DOMAIN_RECOGNITION_RULES_H_
