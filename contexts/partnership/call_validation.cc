#include "contexts/partnership/call_validation.h"

#include "absl/strings/ascii.h"
#include "contexts/partnership/call_state.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/domain/tranches.h"

namespace stem::partnership {
namespace {

constexpr size_t kMaxIdLength = 64;
constexpr int kMaxDurationMonths = 120;
constexpr int kMaxLatestStartMonths = 24;
constexpr int kMaxFinalDueMonths = 24;

absl::Status Invalid(std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, "CALL_INVALID", message);
}

// Ids become parts of state keys and page tokens, so they keep to a plain alphabet.
bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!allowed) return false;
  }
  return true;
}

}  // namespace

v1::TrancheSchedule DefaultTrancheSchedule() {
  v1::TrancheSchedule schedule;
  schedule.set_on_approval_permille(500);
  schedule.set_on_interim_report_permille(300);
  schedule.set_on_final_report_permille(200);
  return schedule;
}

absl::StatusOr<v1::CallOpened> ValidateCall(const v1::OpenCallRequest& request) {
  v1::CallOpened fact;
  if (!ValidId(request.call_id())) {
    return Invalid("call_id is 1-64 lowercase letters, digits, '-' or '_' (e.g. 2019)");
  }
  fact.set_call_id(request.call_id());
  const std::string title(absl::StripAsciiWhitespace(ToAbsl(request.title())));
  // Its length and characters were checked with the request (request_limits.h).
  if (title.empty()) {
    return Invalid("give the call's title");
  }
  fact.set_title(title);
  if (request.budget_cents() <= 0) return Invalid("budget_cents must be positive");
  fact.set_budget_cents(request.budget_cents());
  if (request.max_per_project_cents() <= 0 ||
      request.max_per_project_cents() > request.budget_cents()) {
    return Invalid("max_per_project_cents must be positive and at most the budget");
  }
  fact.set_max_per_project_cents(request.max_per_project_cents());
  if (request.duration_months() < 1 || request.duration_months() > kMaxDurationMonths) {
    return Invalid("duration_months must be 1-120");
  }
  fact.set_duration_months(request.duration_months());
  if (request.latest_start_months() < 0 || request.latest_start_months() > kMaxLatestStartMonths) {
    return Invalid("latest_start_months must be 0-24");
  }
  fact.set_latest_start_months(request.latest_start_months());
  // The interim report falls inside the project: it reports on the project's first part.
  if (request.interim_due_months() < 1 ||
      request.interim_due_months() > request.duration_months()) {
    return Invalid("interim_due_months must be 1 to duration_months");
  }
  fact.set_interim_due_months(request.interim_due_months());
  if (request.final_due_months_after_end() < 0 ||
      request.final_due_months_after_end() > kMaxFinalDueMonths) {
    return Invalid("final_due_months_after_end must be 0-24");
  }
  fact.set_final_due_months_after_end(request.final_due_months_after_end());
  *fact.mutable_tranche_schedule() =
      request.has_tranche_schedule() ? request.tranche_schedule() : DefaultTrancheSchedule();
  if (absl::Status schedule = domain::ValidateTrancheSchedule(ScheduleOf(fact)); !schedule.ok()) {
    return Invalid("tranche_schedule: " + std::string(schedule.message()));
  }
  return fact;
}

}  // namespace stem::partnership
