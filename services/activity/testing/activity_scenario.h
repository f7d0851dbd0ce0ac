// The activity service (replica 1) on a ServiceHarness, with the recognition read model
// (replica 0, no service): the facts of other contexts (recognitions, subsidy periods,
// partnerships) are appended to the log as their services write them - the published
// contract the activity service builds on, with the recognition terms decided by the
// recognition context's own decision (contexts/recognition/grant_decision.h). Used by the
// unit tests (embedded log) and the Kafka integration test.
#ifndef STEM_SERVICES_ACTIVITY_TESTING_ACTIVITY_SCENARIO_H_
#define STEM_SERVICES_ACTIVITY_TESTING_ACTIVITY_SCENARIO_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "contexts/activity/activity_projector.h"
#include "contexts/activity/testing/activity_facts.h"
#include "contexts/recognition/academy_projector.h"
#include "libs/events/upcaster.h"
#include "libs/service/testing/service_harness.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"

namespace stem::activity::testing {

// Tokens for kAcademy and kOther, and for the municipalities 11002 (Antwerpen), 44021
// (Gent) and 71072 (Hasselt since 2025).
service::testing::HarnessOptions ScenarioOptions();

// The sessions of a child-minutes answer by date (tests keep dates unique per query).
std::map<std::string, v1::SessionChildMinutes> SessionsByDate(
    const v1::GetChildMinutesResponse& response);

class ActivityScenario {
 public:
  explicit ActivityScenario(const service::testing::HarnessOptions& options = ScenarioOptions());
  ~ActivityScenario();

  service::testing::ServiceHarness& harness() { return *harness_; }
  v1::ActivityService::Stub& activity() { return *activity_; }
  const service::Topics& topics() const { return topics_; }

  // As the recognition service writes them: an application for `kbo`, granted
  // provisionally as of the clock's date (so recognised from today for a year).
  absl::Status Recognise(const std::string& kbo);
  absl::Status Revoke(const std::string& kbo, const std::string& effective_from);

  // Publishes the calendar of `school_year` read from shared/data/flemish_school_calendar.csv.
  absl::Status PublishCalendar(const std::string& school_year,
                               const std::string& token = "officer");

  // Facts of contexts whose services come later, appended as they would write them: one
  // fact per command, with the aggregate's next version.
  void OpenPeriod(const std::string& period_id, const std::string& first_day,
                  const std::string& last_day, const std::string& reporting_deadline);
  void ApprovePartnership(const std::string& call_id, const std::string& partnership_id,
                          const std::string& lead_kbo, const std::vector<std::string>& partners,
                          const std::string& project_start, const std::string& project_end);

  // Until the activity service has applied everything every topic it reads holds now.
  void CatchUp();

  // The activity service's API as `token`.
  absl::StatusOr<v1::RegisterActivityResponse> Register(const std::string& token,
                                                        const v1::RegisterActivityRequest& request);
  absl::Status ReportAttendance(const std::string& token, const std::string& activity_id,
                                const std::string& session_id,
                                const std::vector<std::pair<int, int64_t>>& counts,
                                const std::string& request_id = "");
  absl::Status CancelSession(const std::string& token, const std::string& activity_id,
                             const std::string& session_id, const std::string& reason = "ill");
  absl::Status CancelActivity(const std::string& token, const std::string& activity_id,
                              const std::string& reason = "no venue");
  absl::StatusOr<v1::Activity> GetActivity(const std::string& token,
                                           const std::string& activity_id);
  absl::StatusOr<v1::GetChildMinutesResponse> ChildMinutes(
      const std::string& token, const v1::GetChildMinutesRequest& request);
  // The child-minutes of every session of kbo between the dates, as an officer sees them.
  absl::StatusOr<v1::GetChildMinutesResponse> ChildMinutesOf(const std::string& kbo,
                                                             const std::string& from_date,
                                                             const std::string& to_date);

  // Records in the activity topic: a refused command adds none.
  int64_t ActivityRecords();
  // A request id no other command of this scenario uses.
  std::string NextRequestId();

 private:
  const service::Topics topics_;
  recognition::AcademyProjector academy_projector_;
  ActivityProjector activity_projector_;
  // Declared after the projectors: the replicas stop before the projectors go.
  std::unique_ptr<service::testing::ServiceHarness> harness_;
  std::unique_ptr<v1::ActivityService::Stub> activity_;
  int next_request_ = 0;
};

}  // namespace stem::activity::testing

#endif  // STEM_SERVICES_ACTIVITY_TESTING_ACTIVITY_SCENARIO_H_
