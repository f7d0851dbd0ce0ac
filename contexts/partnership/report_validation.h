// Checks of a report before anything is written (rulebook section 6): what can be checked
// on the request alone. What depends on the partnership (approved, started, the order of
// reports) and on the register of activities is decided on the caught-up state
// (report_rules.h).
#ifndef STEM_CONTEXTS_PARTNERSHIP_REPORT_VALIDATION_H_
#define STEM_CONTEXTS_PARTNERSHIP_REPORT_VALIDATION_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/domain/municipalities.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

// The report as a fact, without its id and date: municipalities and activities sorted and
// unique, the narrative trimmed. Errors, with their reasons (INVALID_ARGUMENT):
// KIND_MISSING (neither INTERIM nor FINAL), MUNICIPALITY_UNKNOWN (a trajectory
// municipality not valid on `today`), ACTIVITY_ID_INVALID (an empty activity id),
// CHILDREN_INVALID (a negative count), NARRATIVE_MISSING.
absl::StatusOr<v1::ReportSubmitted> ValidateReport(
    const v1::SubmitReportRequest& request, const domain::MunicipalityRegistry& municipalities,
    absl::CivilDay today);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_REPORT_VALIDATION_H_
