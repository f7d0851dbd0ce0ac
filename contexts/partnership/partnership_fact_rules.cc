#include "contexts/partnership/partnership_fact_rules.h"

#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::partnership {
namespace {

// The project period the other contexts read to avoid double funding (section 3).
absl::Status CheckApproved(const v1::PartnershipApproved& fact) {
  if (fact.partnership_id().empty()) {
    return MakeError(absl::StatusCode::kInvalidArgument, "PARTNERSHIP_ID_MISSING",
                     "an approval names its partnership");
  }
  auto start = clock::ParseDate(fact.project_start());
  auto end = clock::ParseDate(fact.project_end());
  if (start.ok() && end.ok() && *end < *start) {
    return MakeError(absl::StatusCode::kInvalidArgument, "DATE_RANGE_INVALID",
                     "a project ends on or after the day it starts");
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterPartnershipFactRules(events::FactRules& rules) {
  rules.RegisterDeclared<v1::CallOpened>();
  rules.RegisterDeclared<v1::PartnershipApplicationSubmitted>();
  rules.RegisterDeclared<v1::PartnershipApproved>(CheckApproved);
  rules.RegisterDeclared<v1::PartnershipRejected>();
  rules.RegisterDeclared<v1::ParticipationConfirmed>();
  rules.RegisterDeclared<v1::ParticipationDeclined>();
  rules.RegisterDeclared<v1::ReportSubmitted>();
  rules.RegisterDeclared<v1::ReportApproved>();
  rules.RegisterDeclared<v1::ReportRejected>();
}

}  // namespace stem::partnership
