// The calendar of a partnership (rulebook section 6): its project period, the window of
// its start and the due dates of its reports, all counted in months.
//
// Months are counted the way the rulebook counts years for recognitions (section 2): the
// same day number N months later, and where that month has no such day, its last day
// (as 29 February counts as 28 February). A period of N months from day S ends the day
// before that date: 2019-09-01 + 24 months ends on 2021-08-31, 2019-08-31 + 24 months on
// 2021-08-30, and 2019-12-31 + 2 months on 2020-02-28 (the anniversary 31 February counts
// as 29 February).
#ifndef STEM_CONTEXTS_PARTNERSHIP_PROJECT_PERIOD_H_
#define STEM_CONTEXTS_PARTNERSHIP_PROJECT_PERIOD_H_

#include "absl/time/civil_time.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::partnership {

// `day` moved by `months` (>= 0): the same day number, or the month's last day when the
// month is shorter.
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// The last day of a period of `months` months that starts on `start`.
absl::CivilDay PeriodEnd(absl::CivilDay start, int months);

// The latest project start an approval on `decided_on` allows: the call's latest start
// after it (inclusive). The earliest is the decision date itself.
absl::CivilDay LatestStart(const v1::CallOpened& call, absl::CivilDay decided_on);

// The interim report is due the call's interim_due_months after the start; the final
// report final_due_months_after_end after the project's last day.
absl::CivilDay ReportDueDate(const v1::CallOpened& call, v1::ReportKind kind,
                             absl::CivilDay project_start, absl::CivilDay project_end);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_PROJECT_PERIOD_H_
