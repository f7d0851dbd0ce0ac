// The terms of a recognition an officer grants (rulebook section 2), as one pure decision:
// the recognition service decides a grant with it, and the audit recomputes every recorded
// grant with it, so that the two cannot drift apart.
#ifndef STEM_CONTEXTS_RECOGNITION_GRANT_DECISION_H_
#define STEM_CONTEXTS_RECOGNITION_GRANT_DECISION_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "stem/recognition/v1/events.pb.h"

namespace stem::recognition {

struct GrantTerms {
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
};

// INVALID_ARGUMENT (KIND_MISSING) unless `kind` is provisional or full: refused before any
// state is read.
absl::Status RequireGrantKind(v1::RecognitionKind kind);

// A grant decided on `decided_on` runs from that day: a provisional one for
// domain::kProvisionalYears, a full one for domain::kFullYears, and a full one only for an
// organisation that holds or held a recognition (`held_before`).
//   KIND_MISSING (INVALID_ARGUMENT)          the kind is neither provisional nor full;
//   NEVER_RECOGNISED (FAILED_PRECONDITION)   full, for an organisation never recognised.
absl::StatusOr<GrantTerms> DecideGrantTerms(v1::RecognitionKind kind, bool held_before,
                                            absl::CivilDay decided_on);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_GRANT_DECISION_H_
