// Checks an application before anything is written (rulebook section 2).
#ifndef STEM_CONTEXTS_RECOGNITION_APPLICATION_VALIDATION_H_
#define STEM_CONTEXTS_RECOGNITION_APPLICATION_VALIDATION_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/domain/municipalities.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::recognition {

// The application as a fact (without its id and date), normalised: KBO as 10 digits,
// domains and municipalities sorted and unique. Errors, with their reasons: KBO_INVALID,
// NAME_MISSING, EMAIL_INVALID, DOMAINS_MISSING, DOMAIN_INVALID, AGE_RANGE_INVALID,
// MUNICIPALITIES_MISSING, MUNICIPALITY_UNKNOWN (not valid on `today`), ATTESTATION_MISSING.
absl::StatusOr<v1::ApplicationSubmitted> ValidateApplication(
    const v1::SubmitApplicationRequest& request, const domain::MunicipalityRegistry& municipalities,
    absl::CivilDay today);

// INVALID_ARGUMENT (REASON_MISSING) for an officer decision without a reason.
absl::Status RequireReason(const std::string& reason);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_APPLICATION_VALIDATION_H_
