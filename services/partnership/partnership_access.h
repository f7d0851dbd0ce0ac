// Who may see a partnership (rulebook section 8; where it is silent, as chosen here):
//   OFFICER and AUDITOR  every partnership;
//   ACADEMY              the partnerships it leads or is a partner of (it acts only as lead,
//                        for itself: commands check RequireSelfOrOfficer on the lead);
//   MUNICIPALITY         the partnerships whose region contains it - compared through the
//                        2025 merger mapping, as activities are - since a partnership's
//                        trajectories are set up on its territory and it is a natural
//                        LOCAL_GOVERNMENT partner;
//   OPERATOR             nothing (refused by role before this is asked).
#ifndef STEM_SERVICES_PARTNERSHIP_PARTNERSHIP_ACCESS_H_
#define STEM_SERVICES_PARTNERSHIP_PARTNERSHIP_ACCESS_H_

#include "absl/status/status.h"
#include "libs/domain/municipalities.h"
#include "libs/rpc/principal.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::partnership {

// PERMISSION_DENIED (NOT_OWN_ACADEMY, NOT_OWN_MUNICIPALITY or ROLE_NOT_ALLOWED) unless the
// principal may read the partnership of `application`.
absl::Status RequireReader(const rpc::Principal& principal,
                           const v1::PartnershipApplicationSubmitted& application,
                           const domain::MunicipalityRegistry& municipalities);

// Whether RequireReader would let the principal read it: for lists, which leave out what
// the caller may not see.
bool MayRead(const rpc::Principal& principal,
             const v1::PartnershipApplicationSubmitted& application,
             const domain::MunicipalityRegistry& municipalities);

}  // namespace stem::partnership

#endif  // STEM_SERVICES_PARTNERSHIP_PARTNERSHIP_ACCESS_H_
