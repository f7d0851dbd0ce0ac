// Periods as the subsidy service keeps them (rulebook section 5): "subsidy/period/<id>" holds
// the terms, the aggregate's version and, once allocated, the summary; each decision of the
// allocation lies under "subsidy/decision/<period id>/<kbo>". Both are written by the
// period's own facts only.
#ifndef STEM_CONTEXTS_SUBSIDY_PERIOD_STATE_H_
#define STEM_CONTEXTS_SUBSIDY_PERIOD_STATE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

inline constexpr char kPeriodAggregate[] = "period";

// The dates and instants of a period's terms.
struct PeriodTimes {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  absl::Time window_opens_at;
  absl::Time window_closes_at;
  absl::Time reporting_deadline;
};

// DATA_LOSS for terms that were not validated (they always are before they are written).
absl::StatusOr<PeriodTimes> TimesOf(const v1::PeriodOpened& terms);

absl::StatusOr<std::optional<v1::Period>> LoadPeriod(const projection::StateReader& state,
                                                     const std::string& period_id);

// NOT_FOUND (PERIOD_NOT_FOUND) when no period has this id.
absl::StatusOr<v1::Period> RequirePeriod(const projection::StateReader& state,
                                         const std::string& period_id);

// Visits periods in id order until `visit` stops or fails (its error is the scan's).
absl::Status ScanPeriods(const projection::StateReader& state,
                         const projection::Visitor<v1::Period>& visit);

v1::WindowState WindowStateAt(const PeriodTimes& times, absl::Time now);

// FAILED_PRECONDITION WINDOW_NOT_OPEN before the window, WINDOW_CLOSED from its close.
absl::Status RequireWindowOpen(const v1::Period& period, absl::Time now);

// FAILED_PRECONDITION WINDOW_CLOSED from the window's close on (demand may be registered
// as soon as the period is opened, before its window opens).
absl::Status RequireWindowNotClosed(const v1::Period& period, absl::Time now);

// The decision on `kbo`'s application, once the period is allocated.
absl::StatusOr<std::optional<v1::SubsidyDecided>> LoadDecision(const projection::StateReader& state,
                                                               const std::string& period_id,
                                                               const std::string& kbo);

// Applies one fact of a period aggregate (PeriodOpened, SubsidyDecided, PeriodAllocated).
absl::Status ProjectPeriodFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_PERIOD_STATE_H_
