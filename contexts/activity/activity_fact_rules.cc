#include "contexts/activity/activity_fact_rules.h"

#include "absl/strings/str_cat.h"
#include "contexts/activity/activity_validation.h"
#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "stem/activity/v1/events.pb.h"

namespace stem::activity {
namespace {

absl::Status Invalid(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

// What the child-minutes of its sessions are computed from (section 3): 1-200 sessions on
// real times of one day, each at most 12 hours.
absl::Status CheckRegistered(const v1::ActivityRegistered& fact) {
  if (fact.activity_id().empty()) return Invalid("ACTIVITY_ID_MISSING", "an activity has an id");
  auto kbo = domain::NormalizeKbo(fact.academy_kbo());
  if (!kbo.ok()) return kbo.status();
  if (fact.sessions().empty()) {
    return Invalid("SESSIONS_COUNT_INVALID", "an activity has 1 to 200 sessions");
  }
  for (const v1::Session& session : fact.sessions()) {
    const std::optional<int> start = MinutesOfDay(session.start_time());
    const std::optional<int> end = MinutesOfDay(session.end_time());
    if (!start || !end || *end <= *start || *end - *start > kMaxSessionMinutes) {
      return Invalid("SESSION_TIME_INVALID",
                     absl::StrCat("session ", session.session_id(),
                                  " does not run between two HH:MM times of one day, within 12 "
                                  "hours"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAttendance(const v1::AttendanceReported& fact) {
  return ValidateAttendance(fact.counts()).status();
}

absl::Status CheckCalendar(const v1::SchoolCalendarPublished& fact) {
  for (const auto* ranges : {&fact.holidays(), &fact.public_holidays()}) {
    for (const v1::DateRange& range : *ranges) {
      auto first = clock::ParseDate(range.first_day());
      auto last = clock::ParseDate(range.last_day());
      if (first.ok() && last.ok() && *last < *first) {
        return Invalid("CALENDAR_INVALID", "a holiday range ends on or after its first day");
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterActivityFactRules(events::FactRules& rules) {
  rules.RegisterDeclared<v1::ActivityRegistered>(CheckRegistered);
  rules.RegisterDeclared<v1::ActivityCancelled>();
  rules.RegisterDeclared<v1::SessionCancelled>();
  rules.RegisterDeclared<v1::AttendanceReported>(CheckAttendance);
  rules.RegisterDeclared<v1::SchoolCalendarPublished>(CheckCalendar);
}

}  // namespace stem::activity
