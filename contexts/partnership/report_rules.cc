#include "contexts/partnership/report_rules.h"

#include <set>

#include "contexts/partnership/registered_activities.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/common/text.h"

namespace stem::partnership {
namespace {

absl::Status Refused(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason, message);
}

std::string KindName(v1::ReportKind kind) {
  return kind == v1::REPORT_KIND_INTERIM ? "interim" : "final";
}

}  // namespace

const v1::Report* LatestReport(const v1::Partnership& partnership, v1::ReportKind kind) {
  const v1::Report* latest = nullptr;
  for (const v1::Report& report : partnership.reports()) {
    if (report.submitted().kind() == kind) latest = &report;
  }
  return latest;
}

absl::Status RequireReportAllowed(const v1::Partnership& partnership,
                                  const std::optional<v1::Decision>& decision, v1::ReportKind kind,
                                  absl::CivilDay today) {
  const std::string& id = partnership.partnership_id();
  if (!decision || decision->status() != v1::APPLICATION_STATUS_APPROVED) {
    return Refused("NOT_APPROVED", "partnership " + id + " is not approved: it reports nothing");
  }
  auto start = clock::ParseStoredDate(decision->approval().project_start(), "partnership " + id);
  if (!start.ok()) return start.status();
  if (today < *start) {
    return Refused("PROJECT_NOT_STARTED", "the project of partnership " + id + " starts on " +
                                              decision->approval().project_start());
  }
  if (kind == v1::REPORT_KIND_FINAL) {
    const v1::Report* interim = LatestReport(partnership, v1::REPORT_KIND_INTERIM);
    if (interim == nullptr || interim->state() != v1::REPORT_STATE_APPROVED) {
      return Refused("INTERIM_FIRST",
                     "the final report of " + id + " comes after an approved interim report");
    }
  }
  if (const v1::Report* latest = LatestReport(partnership, kind)) {
    if (latest->state() == v1::REPORT_STATE_SUBMITTED) {
      return Refused("REPORT_PENDING", "the " + KindName(kind) + " report " +
                                           latest->submitted().report_id() +
                                           " awaits a decision; it can be resubmitted only "
                                           "once rejected");
    }
    if (latest->state() == v1::REPORT_STATE_APPROVED) {
      return Refused("REPORT_ALREADY_APPROVED", "the " + KindName(kind) + " report of " + id +
                                                    " was approved as " +
                                                    latest->submitted().report_id());
    }
  }
  return absl::OkStatus();
}

absl::Status RequireActivitiesOfPartnership(const projection::StateReader& state,
                                            const v1::PartnershipApplicationSubmitted& application,
                                            const v1::ReportSubmitted& report) {
  std::set<std::string> members = {application.lead_kbo()};
  for (const v1::Partner& partner : application.partners()) members.insert(partner.kbo());
  for (const std::string& activity_id : report.activity_ids()) {
    auto academy = RegisteredBy(state, activity_id);
    if (!academy.ok()) return academy.status();
    if (!*academy) {
      return MakeError(absl::StatusCode::kNotFound, "ACTIVITY_UNKNOWN",
                       "no activity " + Quote(activity_id) + " is registered");
    }
    if (members.count(**academy) == 0) {
      return Refused("ACTIVITY_NOT_IN_PARTNERSHIP",
                     "activity " + activity_id + " is of academy " + **academy +
                         ", neither the lead nor a partner of " + application.partnership_id());
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<const v1::Report*> RequireSubmittedReport(const v1::Partnership& partnership,
                                                         const std::string& report_id) {
  for (const v1::Report& report : partnership.reports()) {
    if (report.submitted().report_id() != report_id) continue;
    if (report.state() == v1::REPORT_STATE_SUBMITTED) return &report;
    return Refused("REPORT_ALREADY_DECIDED",
                   "report " + report_id + " was already " +
                       (report.state() == v1::REPORT_STATE_APPROVED ? "approved" : "rejected"));
  }
  return MakeError(
      absl::StatusCode::kNotFound, "REPORT_NOT_FOUND",
      "partnership " + partnership.partnership_id() + " has no report " + Quote(report_id));
}

}  // namespace stem::partnership
