#include "contexts/partnership/project_period.h"

#include <algorithm>

namespace stem::partnership {

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const int last_day = (absl::CivilDay(month + 1) - 1).day();
  return absl::CivilDay(month.year(), month.month(), std::min(day.day(), last_day));
}

absl::CivilDay PeriodEnd(absl::CivilDay start, int months) { return AddMonths(start, months) - 1; }

absl::CivilDay LatestStart(const v1::CallOpened& call, absl::CivilDay decided_on) {
  return AddMonths(decided_on, call.latest_start_months());
}

absl::CivilDay ReportDueDate(const v1::CallOpened& call, v1::ReportKind kind,
                             absl::CivilDay project_start, absl::CivilDay project_end) {
  if (kind == v1::REPORT_KIND_INTERIM) return AddMonths(project_start, call.interim_due_months());
  return AddMonths(project_end, call.final_due_months_after_end());
}

}  // namespace stem::partnership
