#include "contexts/subsidy/period_state.h"

#include "absl/strings/str_cat.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/projection/typed_state.h"

namespace stem::subsidy {
namespace {

constexpr char kPeriodPrefix[] = "subsidy/period/";
constexpr char kDecisionPrefix[] = "subsidy/decision/";

std::string DecisionKey(const std::string& period_id, const std::string& kbo) {
  return absl::StrCat(kDecisionPrefix, period_id, "/", kbo);
}

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrCat("period ", event.aggregate_id(), " version ",
                                          event.aggregate_version(), " (", event.event_type(),
                                          "): ", why));
}

std::string FormatInstant(absl::Time instant) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", instant, absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<PeriodTimes> TimesOf(const v1::PeriodOpened& terms) {
  auto first = clock::ParseDate(terms.first_day());
  auto last = clock::ParseDate(terms.last_day());
  auto opens = clock::ParseInstant(terms.window_opens_at());
  auto closes = clock::ParseInstant(terms.window_closes_at());
  auto deadline = clock::ParseInstant(terms.reporting_deadline());
  if (!first.ok() || !last.ok() || !opens.ok() || !closes.ok() || !deadline.ok()) {
    return absl::DataLossError("period " + terms.period_id() + " has unreadable dates");
  }
  return PeriodTimes{*first, *last, *opens, *closes, *deadline};
}

absl::StatusOr<std::optional<v1::Period>> LoadPeriod(const projection::StateReader& state,
                                                     const std::string& period_id) {
  return projection::LoadMessage<v1::Period>(state, kPeriodPrefix + period_id);
}

absl::StatusOr<v1::Period> RequirePeriod(const projection::StateReader& state,
                                         const std::string& period_id) {
  auto period = LoadPeriod(state, period_id);
  if (!period.ok()) return period.status();
  if (!*period) {
    return MakeError(absl::StatusCode::kNotFound, "PERIOD_NOT_FOUND",
                     "no subsidy period with id " + Quote(period_id));
  }
  return std::move(**period);
}

absl::Status ScanPeriods(const projection::StateReader& state,
                         const projection::Visitor<v1::Period>& visit) {
  return projection::ScanMessages<v1::Period>(
      state, kPeriodPrefix,
      [&](std::string_view, const v1::Period& period) { return visit(period); });
}

v1::WindowState WindowStateAt(const PeriodTimes& times, absl::Time now) {
  if (now < times.window_opens_at) return v1::WINDOW_STATE_NOT_YET_OPEN;
  if (now < times.window_closes_at) return v1::WINDOW_STATE_OPEN;
  return v1::WINDOW_STATE_CLOSED;
}

absl::Status RequireWindowOpen(const v1::Period& period, absl::Time now) {
  auto times = TimesOf(period.terms());
  if (!times.ok()) return times.status();
  switch (WindowStateAt(*times, now)) {
    case v1::WINDOW_STATE_NOT_YET_OPEN:
      return MakeError(absl::StatusCode::kFailedPrecondition, "WINDOW_NOT_OPEN",
                       "the application window of period " + period.terms().period_id() +
                           " opens at " + FormatInstant(times->window_opens_at));
    case v1::WINDOW_STATE_CLOSED:
      return MakeError(absl::StatusCode::kFailedPrecondition, "WINDOW_CLOSED",
                       "the application window of period " + period.terms().period_id() +
                           " closed at " + FormatInstant(times->window_closes_at));
    default:
      return absl::OkStatus();
  }
}

absl::Status RequireWindowNotClosed(const v1::Period& period, absl::Time now) {
  auto times = TimesOf(period.terms());
  if (!times.ok()) return times.status();
  if (WindowStateAt(*times, now) != v1::WINDOW_STATE_CLOSED) return absl::OkStatus();
  return RequireWindowOpen(period, now);
}

absl::StatusOr<std::optional<v1::SubsidyDecided>> LoadDecision(const projection::StateReader& state,
                                                               const std::string& period_id,
                                                               const std::string& kbo) {
  return projection::LoadMessage<v1::SubsidyDecided>(state, DecisionKey(period_id, kbo));
}

absl::Status ProjectPeriodFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  v1::PeriodOpened opened;
  if (event.payload().UnpackTo(&opened)) {
    if (opened.period_id() != event.aggregate_id()) {
      return Unexplained(event, "opens period " + opened.period_id());
    }
    if (auto times = TimesOf(opened); !times.ok()) return Unexplained(event, "unreadable dates");
    v1::Period period;
    *period.mutable_terms() = std::move(opened);
    period.set_version(event.aggregate_version());
    projection::StoreMessage(batch, kPeriodPrefix + event.aggregate_id(), period);
    return absl::OkStatus();
  }

  auto loaded = LoadPeriod(batch, event.aggregate_id());
  if (!loaded.ok()) return loaded.status();
  if (!*loaded) return Unexplained(event, "the period was never opened");
  v1::Period& period = **loaded;
  v1::SubsidyDecided decided;
  v1::PeriodAllocated allocated;
  if (event.payload().UnpackTo(&decided)) {
    projection::StoreMessage(batch, DecisionKey(event.aggregate_id(), decided.academy_kbo()),
                             decided);
  } else if (event.payload().UnpackTo(&allocated)) {
    if (period.has_allocation()) return Unexplained(event, "a second allocation");
    *period.mutable_allocation() = std::move(allocated);
  } else {
    return Unexplained(event, "the subsidy projector does not know this fact");
  }
  period.set_version(event.aggregate_version());
  projection::StoreMessage(batch, kPeriodPrefix + event.aggregate_id(), period);
  return absl::OkStatus();
}

}  // namespace stem::subsidy
