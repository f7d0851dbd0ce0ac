// When things happen in the demo's story, as local times in Brussels. The generator uses
// them to place sessions and applications, the loader to move the suite's clock; one list
// keeps the two in step.
#ifndef STEM_TOOLS_DEMO_STORY_DATES_H_
#define STEM_TOOLS_DEMO_STORY_DATES_H_

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace stem::demo::story {

// A local date and time in Brussels as an instant.
absl::Time Local(absl::CivilDay day, int hour, int minute = 0);

// The suite's clock starts here (stem-allinone --clock_start): Monday 3 December 2018.
inline constexpr absl::CivilDay kClockStartDay{2018, 12, 3};
absl::Time ClockStart();

// Recognition. The first wave applies when the clock starts and is decided a week later
// (provisional: nobody held a recognition before); newcomers follow in spring 2019.
inline constexpr absl::CivilDay kFirstWaveDecided{2018, 12, 10};
inline constexpr absl::CivilDay kNewcomersApply{2019, 3, 4};
inline constexpr absl::CivilDay kNewcomersDecided{2019, 3, 18};
// Renewal, before the provisional year runs out: the first wave in autumn 2019 (register
// of expiring recognitions first), the newcomers early in 2020. Renewals are full grants.
inline constexpr absl::CivilDay kExpiringListed{2019, 10, 1};
inline constexpr absl::CivilDay kFirstWaveRenews{2019, 10, 14};
inline constexpr absl::CivilDay kFirstWaveRenewed{2019, 11, 18};
inline constexpr absl::CivilDay kNewcomersRenew{2020, 2, 17};
inline constexpr absl::CivilDay kNewcomersRenewed{2020, 3, 2};

// School calendars, published by an officer before the school year they describe.
inline constexpr absl::CivilDay kCalendar2018Published{2018, 12, 3};
inline constexpr absl::CivilDay kCalendar2019Published{2019, 6, 17};
inline constexpr absl::CivilDay kCalendar2020Published{2020, 6, 15};

// Seed-level periods: opened, applied for, allocated after the reporting deadline.
inline constexpr absl::CivilDay kPeriod2019FirstOpened{2019, 1, 7};
inline constexpr absl::CivilDay kPeriod2019FirstApplied{2019, 2, 4};
inline constexpr absl::CivilDay kPeriod2019FirstNewcomersApplied{2019, 4, 1};
inline constexpr absl::CivilDay kPeriod2019FirstAllocated{2019, 8, 5};
inline constexpr absl::CivilDay kPeriod2019SecondOpened{2019, 6, 3};
inline constexpr absl::CivilDay kPeriod2019SecondApplied{2019, 7, 8};
inline constexpr absl::CivilDay kPeriod2019SecondWithdrawn{2019, 10, 7};
inline constexpr absl::CivilDay kPeriod2019SecondAllocated{2020, 2, 3};
inline constexpr absl::CivilDay kPeriod2020Opened{2019, 12, 2};
inline constexpr absl::CivilDay kPeriod2020Applied{2020, 1, 13};
inline constexpr absl::CivilDay kPeriod2020Allocated{2021, 2, 8};
// Municipalities register their demand for 2020 between these days (one changes its mind
// and withdraws on the last one).
inline constexpr absl::CivilDay kDemandFirst{2019, 12, 9};
inline constexpr absl::CivilDay kDemandUpdated{2020, 1, 20};
inline constexpr absl::CivilDay kDemandWithdrawn{2020, 3, 2};

// STEM-partnerships (call of 2019): projects start on 1 October 2019 and run 24 months.
inline constexpr absl::CivilDay kCallOpened{2019, 3, 25};
inline constexpr absl::CivilDay kPartnershipsApplied{2019, 5, 6};
inline constexpr absl::CivilDay kPartnershipsDecided{2019, 9, 2};
inline constexpr absl::CivilDay kProjectStart{2019, 10, 1};
inline constexpr absl::CivilDay kInterimSubmitted{2020, 9, 14};
inline constexpr absl::CivilDay kInterimDecided{2020, 9, 21};
// The report rejected on kInterimDecided comes back and is approved after its due date.
inline constexpr absl::CivilDay kOverdueListed{2020, 10, 2};
inline constexpr absl::CivilDay kInterimResubmitted{2020, 10, 5};
inline constexpr absl::CivilDay kInterimReapproved{2020, 10, 12};
inline constexpr absl::CivilDay kFinalSubmitted{2021, 10, 11};
inline constexpr absl::CivilDay kFinalDecided{2021, 11, 8};

// The story ends here: budgets and the audit.
inline constexpr absl::CivilDay kStoryEnd{2021, 11, 15};

// Activities run in these school terms; newcomers start after their recognition.
inline constexpr absl::CivilDay kFirstSessionDay{2019, 1, 7};
inline constexpr absl::CivilDay kNewcomersFirstSessionDay{2019, 4, 1};
inline constexpr absl::CivilDay kLastSessionDay{2020, 12, 31};

}  // namespace stem::demo::story

#endif  // STEM_TOOLS_DEMO_STORY_DATES_H_
