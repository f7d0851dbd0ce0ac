// Activity facts as the activity service writes them, for the tests of the contexts that
// build on them (subsidy, partnership): they append these to the log instead of running the
// activity service. The facts come from the same context code the handlers call
// (ValidateRegistration, ActivityIdFor, ValidateAttendance, ValidateCalendarRequest);
// services/activity/activity_service_test.cc checks that the service writes exactly these.
#ifndef STEM_CONTEXTS_ACTIVITY_TESTING_ACTIVITY_FACTS_H_
#define STEM_CONTEXTS_ACTIVITY_TESTING_ACTIVITY_FACTS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/domain/municipalities.h"
#include "libs/service/testing/service_harness.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/activity/v1/events.pb.h"

namespace stem::activity::testing {

inline constexpr char kAcademy[] = "0123456749";
inline constexpr char kOther[] = "0200000043";

// Counts per age, as a session's attendance report gives them.
using Attendance = std::vector<std::pair<int, int64_t>>;

// The municipalities of the reference data (STEM_SHARED_DATA_DIR).
const domain::MunicipalityRegistry& Municipalities();

// A valid registration for `kbo` in Antwerpen (11002), one 15:00-17:00 session per date.
v1::RegisterActivityRequest ActivityRequest(const std::string& request_id,
                                            const std::vector<std::string>& dates,
                                            const std::string& kbo = kAcademy);

// A session spec: date, start and end time.
v1::SessionSpec Session(const std::string& date, const std::string& start_time,
                        const std::string& end_time);

// The calendar of `school_year` ("2018-2019") from the reference data, as an officer
// publishes it; NOT_FOUND when the data has no such year.
absl::StatusOr<v1::PublishSchoolCalendarRequest> CalendarRequest(const std::string& school_year,
                                                                 const std::string& request_id);

// The fact the service writes for `request`: the validated registration with the activity
// id its request id names.
absl::StatusOr<v1::ActivityRegistered> RegisteredActivity(
    const v1::RegisterActivityRequest& request);
// The attendance fact of a session, counts sorted as the service sorts them.
absl::StatusOr<v1::AttendanceReported> ReportedAttendance(const std::string& activity_id,
                                                          const std::string& session_id,
                                                          const Attendance& attendance);

// Append to `topic` what the activity service writes for the command, one fact with the
// aggregate's next version; fail the test when the command is invalid. AppendActivity
// returns the fact (its activity id and session ids).
v1::ActivityRegistered AppendActivity(service::testing::ServiceHarness& harness,
                                      const std::string& topic,
                                      const v1::RegisterActivityRequest& request);
void AppendAttendance(service::testing::ServiceHarness& harness, const std::string& topic,
                      const std::string& activity_id, const std::string& session_id,
                      const Attendance& attendance);
void AppendActivityCancellation(service::testing::ServiceHarness& harness, const std::string& topic,
                                const std::string& activity_id, const std::string& reason);
void AppendCalendar(service::testing::ServiceHarness& harness, const std::string& topic,
                    const std::string& school_year);

// A session's child-minutes as the activity context computes them (child_minutes_view.h)
// from `read_model`, an activity runtime, once it has applied everything the log holds.
absl::StatusOr<v1::SessionChildMinutes> SessionMinutes(service::ServiceRuntime& read_model,
                                                       const std::string& activity_id,
                                                       const std::string& session_id);

}  // namespace stem::activity::testing

#endif  // STEM_CONTEXTS_ACTIVITY_TESTING_ACTIVITY_FACTS_H_
