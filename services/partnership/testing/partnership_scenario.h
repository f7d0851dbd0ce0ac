// The recognition and activity read models (replicas 0 and 1, fed with facts as those
// services write them: contexts/*/testing) and the partnership service (replica 2) on one
// ServiceHarness: activities reach the partnership service the way they do in production,
// through the log, and the partnership service's approvals reach the activity read model
// the same way.
#ifndef STEM_SERVICES_PARTNERSHIP_TESTING_PARTNERSHIP_SCENARIO_H_
#define STEM_SERVICES_PARTNERSHIP_TESTING_PARTNERSHIP_SCENARIO_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contexts/activity/activity_projector.h"
#include "contexts/partnership/partnership_projector.h"
#include "contexts/recognition/academy_projector.h"
#include "libs/domain/municipalities.h"
#include "libs/service/testing/service_harness.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/partnership/v1/partnership_service.grpc.pb.h"

namespace stem::partnership::testing {

// Academies: the lead of the scenario's applications, one that is their EDUCATION partner,
// and one with no part in them.
inline constexpr char kAcademy[] = "0123456749";
inline constexpr char kOther[] = "0200000043";
inline constexpr char kStranger[] = "0400000086";
// The other helix partners: a city (Antwerpen's KBO number), a company and a school.
inline constexpr char kCity[] = "0207500123";
inline constexpr char kCompany[] = "0410000093";
inline constexpr char kSchool[] = "0800000075";

// Tokens for the three academies and for the municipalities 11002 (Antwerpen), 44021
// (Gent) and 71072 (Hasselt since 2025); the clock starts on Monday 2019-01-07.
service::testing::HarnessOptions ScenarioOptions();

// A call with the parameters of 2019: EUR 200,000 per project, 24 months, start within 3
// months, interim report after 12 months, final report 3 months after the end, the
// default tranches.
v1::OpenCallRequest CallRequest(const std::string& request_id, const std::string& call_id,
                                int64_t budget_cents);

// A valid application of `lead` to `call_id` for `requested_cents`: partners kCity
// (LOCAL_GOVERNMENT), kCompany (COMPANY) and kOther (EDUCATION; kSchool when kOther
// leads), region Antwerpen and Borsbeek (11002, 11007).
v1::SubmitPartnershipApplicationRequest ApplicationRequest(const std::string& request_id,
                                                           const std::string& call_id,
                                                           const std::string& lead = kAcademy,
                                                           int64_t requested_cents = 20000000);

// A valid report of `kind`: a trajectory in Antwerpen, 120 children, no activities.
v1::SubmitReportRequest ReportRequest(const std::string& request_id,
                                      const std::string& partnership_id, v1::ReportKind kind);

class PartnershipScenario {
 public:
  explicit PartnershipScenario(const service::testing::HarnessOptions& options = ScenarioOptions());
  ~PartnershipScenario();

  service::testing::ServiceHarness& harness() { return *harness_; }
  v1::PartnershipService::Stub& partnership() { return *partnership_; }
  const service::Topics& topics() const { return topics_; }

  // Another replica of the partnership service (its own store) and a stub for it.
  std::unique_ptr<v1::PartnershipService::Stub> StartAnotherPartnershipReplica();

  // As the recognition service writes them: `kbo` applies and is granted a provisional
  // recognition as of the clock's date (a year).
  absl::Status Recognise(const std::string& kbo);
  absl::Status Revoke(const std::string& kbo, const std::string& effective_from);

  // As the activity service writes it: an activity of `kbo` in Antwerpen on the given
  // dates (sessions s1..sN). Returns its id.
  absl::StatusOr<std::string> RegisterActivity(const std::string& kbo,
                                               const std::vector<std::string>& dates);
  // A session's child-minutes as the activity context computes them from its read model
  // (contexts/activity/child_minutes_view.h), once it has caught up.
  absl::StatusOr<activity::v1::SessionChildMinutes> SessionMinutes(const std::string& activity_id,
                                                                   const std::string& session_id);

  // The partnership service's API.
  absl::Status OpenCall(const v1::OpenCallRequest& request, const std::string& token = "officer");
  absl::StatusOr<v1::SubmitPartnershipApplicationResponse> Submit(
      const std::string& token, const v1::SubmitPartnershipApplicationRequest& request);
  absl::StatusOr<v1::ApprovePartnershipResponse> Approve(
      const v1::ApprovePartnershipRequest& request, const std::string& token = "officer");
  // An approval request with a fresh request id.
  v1::ApprovePartnershipRequest ApproveRequest(const std::string& partnership_id,
                                               int64_t approved_cents,
                                               const std::string& project_start);
  absl::Status Reject(const std::string& partnership_id, const std::string& reason,
                      const std::string& token = "officer");
  // `partner` confirms (or, with a reason, declines) its participation, by default as its
  // own ACADEMY.
  absl::Status Confirm(const std::string& partnership_id, const std::string& partner,
                       const std::string& token = "");
  absl::Status Decline(const std::string& partnership_id, const std::string& partner,
                       const std::string& reason, const std::string& token = "");
  absl::StatusOr<v1::SubmitReportResponse> SubmitReport(const std::string& token,
                                                        const v1::SubmitReportRequest& request);
  absl::Status ApproveReport(const std::string& partnership_id, const std::string& report_id,
                             const std::string& token = "officer");
  absl::Status RejectReport(const std::string& partnership_id, const std::string& report_id,
                            const std::string& reason, const std::string& token = "officer");
  absl::StatusOr<v1::Call> GetCall(const std::string& call_id,
                                   const std::string& token = "officer");
  absl::StatusOr<v1::Partnership> GetPartnership(const std::string& partnership_id,
                                                 const std::string& token = "officer",
                                                 const std::string& date = "");
  absl::StatusOr<v1::ListPartnershipsResponse> ListPartnerships(
      const std::string& token, const v1::ListPartnershipsRequest& request);
  absl::StatusOr<v1::ListOverdueReportsResponse> ListOverdueReports(
      const std::string& token, const v1::ListOverdueReportsRequest& request);

  // The usual start of a test: call "2019" opened with `budget_cents`, kAcademy recognised,
  // its application for EUR 200,000 submitted. Returns the partnership id.
  std::string OpenRecogniseAndApply(int64_t budget_cents = 50000000);
  // Advances the clock to Monday 2019-06-03 and approves `partnership_id` for EUR 200,000
  // from `project_start`.
  void ApproveFrom(const std::string& partnership_id, const std::string& project_start);

  // Until the partnership service has applied everything every topic it reads holds now.
  void CatchUp();
  // Records in the partnership topic: a refused command adds none.
  int64_t Records();
  // A request id no other command of this scenario uses.
  std::string NextRequestId();

 private:
  const service::Topics topics_;
  recognition::AcademyProjector academy_projector_;
  activity::ActivityProjector activity_projector_;
  PartnershipProjector partnership_projector_;
  PartnershipProjector another_partnership_projector_;
  // Declared after the projectors: the replicas stop before the projectors go.
  std::unique_ptr<service::testing::ServiceHarness> harness_;
  std::unique_ptr<v1::PartnershipService::Stub> partnership_;
  int next_request_ = 0;
};

}  // namespace stem::partnership::testing

#endif  // STEM_SERVICES_PARTNERSHIP_TESTING_PARTNERSHIP_SCENARIO_H_
