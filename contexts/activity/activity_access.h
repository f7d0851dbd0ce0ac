// Who may do what with an activity (rulebook section 8).
#ifndef STEM_CONTEXTS_ACTIVITY_ACTIVITY_ACCESS_H_
#define STEM_CONTEXTS_ACTIVITY_ACTIVITY_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/domain/municipalities.h"
#include "libs/projection/projection_store.h"
#include "libs/rpc/principal.h"
#include "stem/activity/v1/activity_service.pb.h"

namespace stem::activity {

// Commands on an activity: an OFFICER, or the ACADEMY that registered it
// (PERMISSION_DENIED NOT_OWN_ACADEMY otherwise).
absl::Status RequireOwnerOrOfficer(const rpc::Principal& principal, const v1::Activity& activity);

// The activity `activity_id` in `state`, if `principal` may command it (RequireActivity,
// then RequireOwnerOrOfficer): what every decider on an existing activity starts with.
absl::StatusOr<v1::Activity> RequireCommandableActivity(const projection::StateReader& state,
                                                        const rpc::Principal& principal,
                                                        const std::string& activity_id);

// Whether sessions in municipality `code` belong to municipality `scope`: the same code,
// or a 2019 code whose territory is now part of `scope` (rulebook section 1: across the 2025
// mergers, compare through the mapping). Hasselt (71072) so sees the activities of
// Kortessem (73040) and of the former Hasselt (71022).
bool InMunicipality(const domain::MunicipalityRegistry& municipalities, const std::string& code,
                    const std::string& scope);

// Reading an activity: an OFFICER or AUDITOR, its ACADEMY (else NOT_OWN_ACADEMY), the
// MUNICIPALITY it takes place in (else NOT_OWN_MUNICIPALITY).
absl::Status RequireReader(const rpc::Principal& principal, const v1::Activity& activity,
                           const domain::MunicipalityRegistry& municipalities);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_ACTIVITY_ACCESS_H_
