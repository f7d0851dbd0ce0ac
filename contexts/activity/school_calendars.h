// School calendars (rulebook section 3): an officer publishes the holidays and public
// holidays of a school year; a later publication replaces the year's calendar. Kept as the
// latest fact per school year ("calendar/2018-2019").
#ifndef STEM_CONTEXTS_ACTIVITY_SCHOOL_CALENDARS_H_
#define STEM_CONTEXTS_ACTIVITY_SCHOOL_CALENDARS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "libs/domain/school_calendar.h"
#include "libs/projection/projection_store.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::activity {

inline constexpr char kCalendarAggregate[] = "school-calendar";

// The request as a fact: school year "YYYY-YYYY+1", dates normalised, names trimmed.
// INVALID_ARGUMENT (CALENDAR_INVALID) for another school year form, a date that is not an
// ISO date, or a range that is reversed or leaves the school year.
absl::StatusOr<v1::SchoolCalendarPublished> ValidateCalendarRequest(
    const v1::PublishSchoolCalendarRequest& request);

// The published calendar of the school year that starts in `start_year`, if any.
absl::StatusOr<std::optional<domain::SchoolYearCalendar>> LoadCalendar(
    const projection::StateReader& state, int start_year);

// Applies a SchoolCalendarPublished fact.
absl::Status ProjectCalendarFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_SCHOOL_CALENDARS_H_
