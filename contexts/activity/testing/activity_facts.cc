#include "contexts/activity/testing/activity_facts.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "contexts/activity/activity_state.h"
#include "contexts/activity/activity_validation.h"
#include "contexts/activity/child_minutes_view.h"
#include "contexts/activity/school_calendars.h"
#include "libs/clock/date.h"
#include "libs/common/check.h"
#include "libs/common/shared_data.h"
#include "libs/domain/school_calendar.h"

namespace stem::activity::testing {
namespace {

v1::DateRange RangeOf(const domain::DateRange& range) {
  v1::DateRange result;
  result.set_first_day(clock::FormatDate(range.first));
  result.set_last_day(clock::FormatDate(range.last));
  result.set_name(range.name);
  return result;
}

}  // namespace

const domain::MunicipalityRegistry& Municipalities() {
  static const auto* registry = [] {
    auto loaded = domain::MunicipalityRegistry::Load(DefaultSharedDataDir());
    STEM_CHECK(loaded.ok(), "load the municipalities from STEM_SHARED_DATA_DIR");
    return loaded->release();
  }();
  return *registry;
}

v1::RegisterActivityRequest ActivityRequest(const std::string& request_id,
                                            const std::vector<std::string>& dates,
                                            const std::string& kbo) {
  v1::RegisterActivityRequest request;
  request.set_request_id(request_id);
  request.set_academy_kbo(kbo);
  request.set_title("Robotica na school");
  request.add_domains(common::v1::STEM_DOMAIN_TECHNOLOGY);
  request.add_domains(common::v1::STEM_DOMAIN_ENGINEERING);
  request.set_municipality_nis_code("11002");
  request.mutable_ages()->set_min_age(8);
  request.mutable_ages()->set_max_age(14);
  for (const std::string& date : dates) *request.add_sessions() = Session(date, "15:00", "17:00");
  return request;
}

v1::SessionSpec Session(const std::string& date, const std::string& start_time,
                        const std::string& end_time) {
  v1::SessionSpec session;
  session.set_date(date);
  session.set_start_time(start_time);
  session.set_end_time(end_time);
  return session;
}

absl::StatusOr<v1::PublishSchoolCalendarRequest> CalendarRequest(const std::string& school_year,
                                                                 const std::string& request_id) {
  std::ifstream in(DefaultSharedDataDir() + "/flemish_school_calendar.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto calendars = domain::ParseSchoolCalendarCsv(text.str());
  if (!calendars.ok()) return calendars.status();
  for (const domain::SchoolYearCalendar& calendar : *calendars) {
    if (domain::SchoolYearName(calendar.start_year) != school_year) continue;
    v1::PublishSchoolCalendarRequest request;
    request.set_request_id(request_id);
    request.set_school_year(school_year);
    for (const auto& range : calendar.holidays) *request.add_holidays() = RangeOf(range);
    for (const auto& range : calendar.public_holidays) {
      *request.add_public_holidays() = RangeOf(range);
    }
    return request;
  }
  return absl::NotFoundError("no calendar of " + school_year + " in the reference data");
}

absl::StatusOr<v1::ActivityRegistered> RegisteredActivity(
    const v1::RegisterActivityRequest& request) {
  auto fact = ValidateRegistration(request, Municipalities());
  if (!fact.ok()) return fact.status();
  fact->set_activity_id(ActivityIdFor(fact->academy_kbo(), request.request_id()));
  return fact;
}

absl::StatusOr<v1::AttendanceReported> ReportedAttendance(const std::string& activity_id,
                                                          const std::string& session_id,
                                                          const Attendance& attendance) {
  google::protobuf::RepeatedPtrField<v1::AgeCount> given;
  for (const auto& [age, participants] : attendance) {
    v1::AgeCount* count = given.Add();
    count->set_age(age);
    count->set_participants(participants);
  }
  auto counts = ValidateAttendance(given);
  if (!counts.ok()) return counts.status();
  v1::AttendanceReported reported;
  reported.set_activity_id(activity_id);
  reported.set_session_id(session_id);
  *reported.mutable_counts() = *counts;
  return reported;
}

v1::ActivityRegistered AppendActivity(service::testing::ServiceHarness& harness,
                                      const std::string& topic,
                                      const v1::RegisterActivityRequest& request) {
  auto fact = RegisteredActivity(request);
  EXPECT_TRUE(fact.ok()) << fact.status();
  if (!fact.ok()) return v1::ActivityRegistered();
  harness.AppendFact(topic, kActivityAggregate, fact->activity_id(), *fact);
  return *fact;
}

void AppendAttendance(service::testing::ServiceHarness& harness, const std::string& topic,
                      const std::string& activity_id, const std::string& session_id,
                      const Attendance& attendance) {
  auto fact = ReportedAttendance(activity_id, session_id, attendance);
  ASSERT_TRUE(fact.ok()) << fact.status();
  harness.AppendFact(topic, kActivityAggregate, activity_id, *fact);
}

void AppendActivityCancellation(service::testing::ServiceHarness& harness, const std::string& topic,
                                const std::string& activity_id, const std::string& reason) {
  v1::ActivityCancelled cancelled;
  cancelled.set_activity_id(activity_id);
  cancelled.set_reason(reason);
  harness.AppendFact(topic, kActivityAggregate, activity_id, cancelled);
}

void AppendCalendar(service::testing::ServiceHarness& harness, const std::string& topic,
                    const std::string& school_year) {
  auto request = CalendarRequest(school_year, "calendar-" + school_year);
  ASSERT_TRUE(request.ok()) << request.status();
  auto fact = ValidateCalendarRequest(*request);
  ASSERT_TRUE(fact.ok()) << fact.status();
  harness.AppendFact(topic, kCalendarAggregate, fact->school_year(), *fact);
}

absl::StatusOr<v1::SessionChildMinutes> SessionMinutes(service::ServiceRuntime& read_model,
                                                       const std::string& activity_id,
                                                       const std::string& session_id) {
  absl::Status caught_up =
      read_model.projection().WaitForAllTopics(absl::Now() + absl::Seconds(60));
  if (!caught_up.ok()) return caught_up;
  const projection::StateReader& state = read_model.state();
  auto activity = LoadActivity(state, activity_id);
  if (!activity.ok()) return activity.status();
  if (!activity->has_value()) return absl::NotFoundError("no activity " + activity_id);
  auto session = RequireSession(**activity, session_id);
  if (!session.ok()) return session.status();
  ChildMinutesCalculator calculator(state);
  return calculator.Compute(**activity, **session);
}

}  // namespace stem::activity::testing
