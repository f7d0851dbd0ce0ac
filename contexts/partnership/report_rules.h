// The rules of reports that depend on state (rulebook section 6), checked by the deciders
// on the caught-up projection.
#ifndef STEM_CONTEXTS_PARTNERSHIP_REPORT_RULES_H_
#define STEM_CONTEXTS_PARTNERSHIP_REPORT_RULES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/projection/projection_store.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

// The partnership's latest submission of `kind`; nullptr when it has none.
const v1::Report* LatestReport(const v1::Partnership& partnership, v1::ReportKind kind);

// Whether the partnership may submit a report of `kind` on `today`, given the call's
// decision on it. FAILED_PRECONDITION with the reason:
//   NOT_APPROVED           the call has not approved the partnership (pending or rejected);
//   PROJECT_NOT_STARTED    today is before the project start;
//   INTERIM_FIRST          a final report before the interim report was approved (its
//                          tranche comes before the final one);
//   REPORT_PENDING         the previous submission of this kind awaits a decision;
//   REPORT_ALREADY_APPROVED  a submission of this kind was approved.
absl::Status RequireReportAllowed(const v1::Partnership& partnership,
                                  const std::optional<v1::Decision>& decision, v1::ReportKind kind,
                                  absl::CivilDay today);

// Every activity the report names was registered (NOT_FOUND ACTIVITY_UNKNOWN) by the lead
// or a partner (FAILED_PRECONDITION ACTIVITY_NOT_IN_PARTNERSHIP).
absl::Status RequireActivitiesOfPartnership(const projection::StateReader& state,
                                            const v1::PartnershipApplicationSubmitted& application,
                                            const v1::ReportSubmitted& report);

// The report `report_id` awaiting a decision: NOT_FOUND (REPORT_NOT_FOUND) or
// FAILED_PRECONDITION (REPORT_ALREADY_DECIDED) otherwise.
absl::StatusOr<const v1::Report*> RequireSubmittedReport(const v1::Partnership& partnership,
                                                         const std::string& report_id);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_REPORT_RULES_H_
