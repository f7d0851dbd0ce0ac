#include "contexts/activity/child_minutes_view.h"

#include "contexts/activity/activity_state.h"
#include "contexts/activity/activity_validation.h"
#include "contexts/activity/partnerships.h"
#include "contexts/activity/school_calendars.h"
#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/recognition_history.h"
#include "libs/clock/clock.h"
#include "libs/domain/child_minutes.h"

namespace stem::activity {
namespace {

v1::ZeroReason ToProto(domain::ZeroReason reason) {
  switch (reason) {
    case domain::ZeroReason::kNone:
      return v1::ZERO_REASON_UNSPECIFIED;
    case domain::ZeroReason::kCancelled:
      return v1::ZERO_REASON_CANCELLED;
    case domain::ZeroReason::kNotRecognised:
      return v1::ZERO_REASON_NOT_RECOGNISED;
    case domain::ZeroReason::kPartnershipPeriod:
      return v1::ZERO_REASON_PARTNERSHIP_PERIOD;
    case domain::ZeroReason::kSchoolHours:
      return v1::ZERO_REASON_SCHOOL_HOURS;
    case domain::ZeroReason::kNoEligibleParticipants:
      return v1::ZERO_REASON_NO_ELIGIBLE_PARTICIPANTS;
  }
  return v1::ZERO_REASON_UNSPECIFIED;
}

}  // namespace

absl::StatusOr<const domain::SchoolYearCalendar*> ChildMinutesCalculator::Calendar(int start_year) {
  auto known = calendars_.find(start_year);
  if (known == calendars_.end()) {
    Consulted(kCalendarAggregate, domain::SchoolYearName(start_year));
    auto calendar = LoadCalendar(state_, start_year);
    if (!calendar.ok()) return calendar.status();
    known = calendars_.emplace(start_year, std::move(*calendar)).first;
  }
  return known->second ? &*known->second : nullptr;
}

absl::StatusOr<const domain::RecognitionHistory*> ChildMinutesCalculator::History(
    const std::string& kbo) {
  auto known = histories_.find(kbo);
  if (known == histories_.end()) {
    Consulted(recognition::kAggregateType, kbo);
    auto history = recognition::LoadRecognitionHistory(state_, kbo);
    if (!history.ok()) return history.status();
    known = histories_.emplace(kbo, std::move(*history)).first;
  }
  return &known->second;
}

absl::StatusOr<const std::vector<ApprovedPartnership>*> ChildMinutesCalculator::Partnerships(
    const std::string& kbo) {
  auto known = partnerships_.find(kbo);
  if (known == partnerships_.end()) {
    auto periods = PartnershipPeriods(state_, kbo);
    if (!periods.ok()) return periods.status();
    for (const ApprovedPartnership& approved : *periods) {
      Consulted(kPartnershipCallAggregate, approved.call_id);
    }
    known = partnerships_.emplace(kbo, std::move(*periods)).first;
  }
  return &known->second;
}

absl::StatusOr<v1::SessionChildMinutes> ChildMinutesCalculator::Compute(
    const v1::Activity& activity, const v1::ActivitySession& session) {
  Consulted(kActivityAggregate, activity.activity_id());
  const v1::Session& held = session.session();
  auto date = clock::ParseDate(held.date());
  if (!date.ok()) return absl::DataLossError("session with an unreadable date: " + held.date());

  domain::SessionFacts facts;
  facts.date = *date;
  facts.time = SessionMinutes(held);
  facts.cancelled = activity.cancelled() || session.cancelled();
  auto calendar = Calendar(domain::SchoolYearOf(*date));
  if (!calendar.ok()) return calendar.status();
  facts.calendar = *calendar;
  auto history = History(activity.academy_kbo());
  if (!history.ok()) return history.status();
  facts.academy_recognised = domain::RecognitionOn(**history, *date).recognised();
  auto partnerships = Partnerships(activity.academy_kbo());
  if (!partnerships.ok()) return partnerships.status();
  for (const ApprovedPartnership& approved : **partnerships) {
    if (approved.project.Contains(*date)) facts.in_partnership_period = true;
  }
  for (const v1::AgeCount& count : session.attendance()) {
    facts.attendance_by_age[count.age()] += count.participants();
  }
  const domain::SessionChildMinutes computed = domain::ComputeChildMinutes(facts);

  v1::SessionChildMinutes result;
  result.set_activity_id(activity.activity_id());
  result.set_session_id(held.session_id());
  result.set_academy_kbo(activity.academy_kbo());
  result.set_municipality_nis_code(activity.municipality_nis_code());
  result.set_date(held.date());
  result.set_start_time(held.start_time());
  result.set_end_time(held.end_time());
  result.set_eligible_participants(computed.eligible_participants);
  result.set_eligible_minutes(computed.eligible_minutes);
  result.set_child_minutes(computed.child_minutes);
  result.set_zero_reason(ToProto(computed.zero_reason));
  return result;
}

}  // namespace stem::activity
