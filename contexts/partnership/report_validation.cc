#include "contexts/partnership/report_validation.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "contexts/partnership/application_validation.h"
#include "libs/common/error.h"

namespace stem::partnership {
namespace {

absl::Status Invalid(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::StatusOr<v1::ReportSubmitted> ValidateReport(
    const v1::SubmitReportRequest& request, const domain::MunicipalityRegistry& municipalities,
    absl::CivilDay today) {
  v1::ReportSubmitted fact;
  fact.set_partnership_id(request.partnership_id());
  if (request.kind() != v1::REPORT_KIND_INTERIM && request.kind() != v1::REPORT_KIND_FINAL) {
    return Invalid("KIND_MISSING", "a report is an INTERIM or a FINAL report");
  }
  fact.set_kind(request.kind());

  // A report may have set up no trajectory yet (an interim report early on): the list may
  // be empty, but what it names must exist.
  const std::set<std::string> codes(request.trajectory_nis_codes().begin(),
                                    request.trajectory_nis_codes().end());
  for (const std::string& code : codes) {
    if (absl::Status valid = municipalities.Validate(code, today); !valid.ok()) return valid;
    fact.add_trajectory_nis_codes(code);
  }

  const std::set<std::string> activities(request.activity_ids().begin(),
                                         request.activity_ids().end());
  for (const std::string& id : activities) {
    if (Trimmed(id).empty() || Trimmed(id) != id) {
      return Invalid("ACTIVITY_ID_INVALID", "activity ids are the ids the activity service gave");
    }
    fact.add_activity_ids(id);
  }

  if (request.children_reached() < 0) {
    return Invalid("CHILDREN_INVALID", absl::StrCat("children_reached is a count >= 0, not ",
                                                    request.children_reached()));
  }
  fact.set_children_reached(request.children_reached());

  const std::string narrative = Trimmed(request.narrative());
  // Its length and characters were checked with the request (request_limits.h).
  if (narrative.empty()) {
    return Invalid("NARRATIVE_MISSING", "a report tells what was done");
  }
  fact.set_narrative(narrative);
  return fact;
}

}  // namespace stem::partnership
