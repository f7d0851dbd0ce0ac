#include "contexts/activity/subsidy_periods.h"

#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::activity {
namespace {

constexpr char kPeriodPrefix[] = "period/";

struct Period {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  absl::Time reporting_deadline;
};

absl::StatusOr<Period> PeriodOf(const subsidy::v1::PeriodOpened& fact) {
  auto first = clock::ParseDate(fact.first_day());
  auto last = clock::ParseDate(fact.last_day());
  auto deadline = clock::ParseInstant(fact.reporting_deadline());
  if (!first.ok() || !last.ok() || !deadline.ok()) {
    return absl::DataLossError("period " + fact.period_id() +
                               " has no valid activity dates or reporting deadline");
  }
  return Period{*first, *last, *deadline};
}

}  // namespace

absl::Status ProjectSubsidyFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  subsidy::v1::PeriodOpened opened;
  if (!event.payload().UnpackTo(&opened)) return absl::OkStatus();
  // Refused here rather than skipped at query time: a period this service cannot read
  // would silently leave attendance unlocked.
  if (auto period = PeriodOf(opened); !period.ok()) return period.status();
  batch.Put(kPeriodPrefix + event.aggregate_id(), projection::StateBytes(opened));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::Time>> ReportingDeadline(const projection::StateReader& state,
                                                            absl::CivilDay day) {
  std::optional<absl::Time> earliest;
  // Periods are few (two a year), so a scan of all of them is cheap.
  absl::Status scanned = projection::ScanMessages<subsidy::v1::PeriodOpened>(
      state, kPeriodPrefix,
      [&](std::string_view,
          const subsidy::v1::PeriodOpened& opened) -> absl::StatusOr<projection::Visit> {
        auto period = PeriodOf(opened);
        if (!period.ok()) return period.status();
        if (period->first_day <= day && day <= period->last_day &&
            (!earliest || period->reporting_deadline < *earliest)) {
          earliest = period->reporting_deadline;
        }
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  return earliest;
}

absl::Status RequireUnlocked(const projection::StateReader& state, absl::CivilDay day,
                             absl::Time now, const std::string& what) {
  auto deadline = ReportingDeadline(state, day);
  if (!deadline.ok()) return deadline.status();
  if (*deadline && now > **deadline) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "ATTENDANCE_LOCKED",
                     what + " is locked: the reporting deadline of its subsidy period was " +
                         absl::FormatTime(absl::RFC3339_sec, **deadline, absl::UTCTimeZone()));
  }
  return absl::OkStatus();
}

}  // namespace stem::activity
