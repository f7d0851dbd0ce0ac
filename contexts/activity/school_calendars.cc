#include "contexts/activity/school_calendars.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "libs/clock/clock.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"

namespace stem::activity {
namespace {

constexpr char kCalendarPrefix[] = "calendar/";

absl::Status Invalid(const std::string& why) {
  return MakeError(absl::StatusCode::kInvalidArgument, "CALENDAR_INVALID", why);
}

absl::StatusOr<int> StartYear(const std::string& school_year) {
  int start_year = 0;
  if (school_year.size() != 9 || !absl::SimpleAtoi(ToAbsl(school_year.substr(0, 4)), &start_year) ||
      school_year != domain::SchoolYearName(start_year)) {
    return Invalid("a school year is written like 2019-2020, not " + Quote(school_year));
  }
  return start_year;
}

absl::StatusOr<std::vector<domain::DateRange>> Ranges(
    const google::protobuf::RepeatedPtrField<v1::DateRange>& ranges) {
  std::vector<domain::DateRange> result;
  for (const v1::DateRange& range : ranges) {
    auto first = clock::ParseDate(range.first_day());
    auto last = clock::ParseDate(range.last_day());
    for (const auto* parsed : {&first, &last}) {
      if (clock::IsDateOutOfRange(parsed->status())) return parsed->status();
    }
    if (!first.ok() || !last.ok()) {
      return Invalid("range " + Quote(range.name()) + " needs ISO dates, not " +
                     Quote(range.first_day()) + " - " + Quote(range.last_day()));
    }
    result.push_back({*first, *last, std::string(absl::StripAsciiWhitespace(range.name()))});
  }
  return result;
}

void AddRanges(const std::vector<domain::DateRange>& ranges,
               google::protobuf::RepeatedPtrField<v1::DateRange>& out) {
  for (const domain::DateRange& range : ranges) {
    v1::DateRange* added = out.Add();
    added->set_first_day(clock::FormatDate(range.first));
    added->set_last_day(clock::FormatDate(range.last));
    added->set_name(range.name);
  }
}

absl::StatusOr<domain::SchoolYearCalendar> CalendarOf(const v1::SchoolCalendarPublished& fact) {
  auto start_year = StartYear(fact.school_year());
  if (!start_year.ok()) return start_year.status();
  domain::SchoolYearCalendar calendar;
  calendar.start_year = *start_year;
  auto holidays = Ranges(fact.holidays());
  if (!holidays.ok()) return holidays.status();
  calendar.holidays = std::move(*holidays);
  auto public_holidays = Ranges(fact.public_holidays());
  if (!public_holidays.ok()) return public_holidays.status();
  calendar.public_holidays = std::move(*public_holidays);
  if (absl::Status valid = domain::ValidateCalendar(calendar); !valid.ok()) return valid;
  return calendar;
}

}  // namespace

absl::StatusOr<v1::SchoolCalendarPublished> ValidateCalendarRequest(
    const v1::PublishSchoolCalendarRequest& request) {
  v1::SchoolCalendarPublished fact;
  fact.set_school_year(request.school_year());
  *fact.mutable_holidays() = request.holidays();
  *fact.mutable_public_holidays() = request.public_holidays();
  auto calendar = CalendarOf(fact);
  if (!calendar.ok()) return calendar.status();
  fact.clear_holidays();
  fact.clear_public_holidays();
  AddRanges(calendar->holidays, *fact.mutable_holidays());
  AddRanges(calendar->public_holidays, *fact.mutable_public_holidays());
  return fact;
}

absl::StatusOr<std::optional<domain::SchoolYearCalendar>> LoadCalendar(
    const projection::StateReader& state, int start_year) {
  auto fact = projection::LoadMessage<v1::SchoolCalendarPublished>(
      state, kCalendarPrefix + domain::SchoolYearName(start_year));
  if (!fact.ok()) return fact.status();
  if (!fact->has_value()) return std::optional<domain::SchoolYearCalendar>();
  auto calendar = CalendarOf(**fact);
  if (!calendar.ok()) return absl::DataLossError(calendar.status().message());
  return std::optional<domain::SchoolYearCalendar>(std::move(*calendar));
}

absl::Status ProjectCalendarFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  v1::SchoolCalendarPublished fact;
  if (!event.payload().UnpackTo(&fact) || fact.school_year() != event.aggregate_id()) {
    return absl::DataLossError("school calendar " + event.aggregate_id() + ": unexpected " +
                               event.event_type());
  }
  // The whole fact: a publication replaces the year's calendar.
  batch.Put(kCalendarPrefix + fact.school_year(), projection::StateBytes(fact));
  return absl::OkStatus();
}

}  // namespace stem::activity
