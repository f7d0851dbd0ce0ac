// Checks of the subsidy commands that need no state, before anything is written
// (rulebook sections 4 and 5).
#ifndef STEM_CONTEXTS_SUBSIDY_SUBSIDY_VALIDATION_H_
#define STEM_CONTEXTS_SUBSIDY_SUBSIDY_VALIDATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "libs/domain/municipalities.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

// The request as a fact, with the rule's version. INVALID_ARGUMENT with reasons:
// PERIOD_ID_INVALID, TITLE_MISSING, ACTIVITY_DATES_INVALID, WINDOW_INVALID,
// REPORTING_DEADLINE_INVALID (before the window closes, or before the period's last day
// is over: sessions must be reportable until their period ends), BUDGET_INVALID (not > 0),
// RULE_UNKNOWN, RULE_PARAMETERS_INVALID, MINIMUM_GRANT_INVALID (negative or above the
// budget), CAP_INVALID (negative, or below the minimum grant).
absl::StatusOr<v1::PeriodOpened> ValidateOpenPeriod(const v1::OpenPeriodRequest& request);

// The registration as a fact, domains sorted and unique. INVALID_ARGUMENT with reasons:
// AGE_RANGE_INVALID (min > max, or no overlap with 5..18), DOMAINS_MISSING,
// DOMAIN_INVALID, NOTE_TOO_LONG (over 2000 characters), MUNICIPALITY_UNKNOWN (valid on
// neither the period's first nor its last day).
absl::StatusOr<v1::MunicipalDemandRegistered> ValidateDemand(
    const v1::RegisterDemandRequest& request, const v1::PeriodOpened& period,
    const domain::MunicipalityRegistry& municipalities);

// INVALID_ARGUMENT (REASON_TOO_LONG) for a withdrawal reason over 2000 characters; the
// reason is optional.
absl::StatusOr<std::string> ValidateWithdrawalReason(const std::string& reason);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_SUBSIDY_VALIDATION_H_
