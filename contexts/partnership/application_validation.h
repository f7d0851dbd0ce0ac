// Checks of an application and of officers' reasons before anything is written (rulebook
// section 6).
#ifndef STEM_CONTEXTS_PARTNERSHIP_APPLICATION_VALIDATION_H_
#define STEM_CONTEXTS_PARTNERSHIP_APPLICATION_VALIDATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/domain/municipalities.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

// The application as a fact, without its id, call checks and date: KBO numbers as 10
// digits, partners sorted by KBO number, region sorted and unique, title and description
// trimmed. Errors, with their reasons (INVALID_ARGUMENT): KBO_INVALID (the lead's or a
// partner's), PARTNERS_MISSING, PARTNER_INVALID (a role left unspecified or unknown, the
// lead listed as its own partner, a partner listed twice), HELIX_INCOMPLETE (no
// LOCAL_GOVERNMENT, COMPANY or EDUCATION partner), REGION_MISSING, MUNICIPALITY_UNKNOWN
// (not valid on `today`), AMOUNT_INVALID (<= 0), TITLE_MISSING. Whether the call exists
// and allows the amount is decided on the call's state (CALL_NOT_FOUND,
// REQUEST_ABOVE_MAXIMUM).
absl::StatusOr<v1::PartnershipApplicationSubmitted> ValidateApplication(
    const v1::SubmitPartnershipApplicationRequest& request,
    const domain::MunicipalityRegistry& municipalities, absl::CivilDay today);

// INVALID_ARGUMENT (REASON_MISSING) for a rejection without a reason.
absl::Status RequireReason(const std::string& reason);

// The text trimmed of surrounding white space.
std::string Trimmed(const std::string& text);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_APPLICATION_VALIDATION_H_
