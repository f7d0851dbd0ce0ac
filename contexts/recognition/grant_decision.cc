#include "contexts/recognition/grant_decision.h"

#include "libs/common/error.h"
#include "libs/domain/recognition_rules.h"

namespace stem::recognition {

absl::Status RequireGrantKind(v1::RecognitionKind kind) {
  if (kind != v1::RECOGNITION_KIND_PROVISIONAL && kind != v1::RECOGNITION_KIND_FULL) {
    return MakeError(absl::StatusCode::kInvalidArgument, "KIND_MISSING",
                     "kind is PROVISIONAL (1 year) or FULL (3 years)");
  }
  return absl::OkStatus();
}

absl::StatusOr<GrantTerms> DecideGrantTerms(v1::RecognitionKind kind, bool held_before,
                                            absl::CivilDay decided_on) {
  if (absl::Status known = RequireGrantKind(kind); !known.ok()) return known;
  const bool full = kind == v1::RECOGNITION_KIND_FULL;
  if (full && !held_before) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "NEVER_RECOGNISED",
                     "a full recognition is only for an organisation that holds or held one; "
                     "grant a provisional recognition first");
  }
  return GrantTerms{
      decided_on,
      domain::GrantValidUntil(decided_on, full ? domain::kFullYears : domain::kProvisionalYears)};
}

}  // namespace stem::recognition
