// The rules of reports that depend on state (rulebook section 6), checked by the deciders
// on the caught-up projection.
#ifndef STEM_CONTEXTS_PARTNERSHIP_REPORT_RULES_H_
#define STEM_CONTEXTS_PARTNERSHIP_REPORT_RULES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/date.h"
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

// An officer's decision on the report `report_id` of `partnership_id` on `today`: a
// ReportApproved or ReportRejected with the (trimmed) reason, or why not
// (RequirePartnership, RequireSubmittedReport).
template <typename Decided>
absl::StatusOr<Decided> DecideOnReport(const projection::StateReader& state,
                                       const std::string& partnership_id,
                                       const std::string& report_id, const std::string& reason,
                                       absl::CivilDay today) {
  auto partnership = RequirePartnership(state, partnership_id);
  if (!partnership.ok()) return partnership.status();
  auto report = RequireSubmittedReport(*partnership, report_id);
  if (!report.ok()) return report.status();
  Decided decided;
  decided.set_partnership_id(partnership->partnership_id());
  decided.set_report_id(report_id);
  decided.set_kind((*report)->submitted().kind());
  decided.set_reason(Trimmed(reason));
  decided.set_decided_on(clock::FormatDate(today));
  return decided;
}

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_REPORT_RULES_H_
