#include "tests/fuzz/story.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "contexts/activity/activity_state.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/date.h"
#include "libs/domain/school_calendar.h"
#include "libs/rpc/status.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/partnership/v1/partnership_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::fuzz {
namespace {

namespace activity_v1 = activity::v1;
namespace partnership_v1 = partnership::v1;
namespace recognition_v1 = recognition::v1;
namespace subsidy_v1 = subsidy::v1;

// Academies besides the caller's: one that applies in the world and is granted in the
// story, one that applies and is refused in the story. Partners that are no academies: a
// city, a company, a school.
constexpr char kOtherAcademy[] = "0200000043";
constexpr char kRefusedAcademy[] = "0400000086";
constexpr char kCity[] = "0207500123";
constexpr char kCompany[] = "0410000093";
constexpr char kSchool[] = "0800000075";

StoryStep Step(std::string command, Caller caller, const google::protobuf::Message& request) {
  return {std::move(command), caller, request.SerializeAsString()};
}

recognition_v1::SubmitApplicationRequest RecognitionApplication(const std::string& request_id,
                                                                const std::string& kbo) {
  recognition_v1::SubmitApplicationRequest request;
  request.set_request_id(request_id);
  request.set_kbo(kbo);
  request.set_name("STEM-academie " + kbo);
  request.set_contact_email("info@academie.be");
  request.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  request.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
  request.mutable_ages()->set_min_age(6);
  request.mutable_ages()->set_max_age(18);
  request.add_municipality_nis_codes("11002");
  request.mutable_attestations()->set_outside_school_hours(true);
  request.mutable_attestations()->set_open_to_every_child(true);
  request.mutable_attestations()->set_offered_as_trajectories(true);
  return request;
}

recognition_v1::GrantRecognitionRequest Grant(const std::string& request_id,
                                              const std::string& kbo) {
  recognition_v1::GrantRecognitionRequest request;
  request.set_request_id(request_id);
  request.set_kbo(kbo);
  request.set_application_id(kbo + "-1");
  request.set_kind(recognition_v1::RECOGNITION_KIND_PROVISIONAL);
  request.set_reason("meets every criterion");
  return request;
}

activity_v1::RegisterActivityRequest Activity(const std::string& request_id,
                                              const std::vector<std::string>& dates) {
  activity_v1::RegisterActivityRequest request;
  request.set_request_id(request_id);
  request.set_academy_kbo(kCallerAcademy);
  request.set_title("Robotica na school");
  request.add_domains(common::v1::STEM_DOMAIN_TECHNOLOGY);
  request.add_domains(common::v1::STEM_DOMAIN_ENGINEERING);
  request.set_municipality_nis_code("11002");
  request.mutable_ages()->set_min_age(8);
  request.mutable_ages()->set_max_age(14);
  for (const std::string& date : dates) {
    activity_v1::SessionSpec* session = request.add_sessions();
    session->set_date(date);
    session->set_start_time("15:00");
    session->set_end_time("17:00");
  }
  return request;
}

partnership_v1::OpenCallRequest Call(const std::string& request_id, const std::string& call_id) {
  partnership_v1::OpenCallRequest request;
  request.set_request_id(request_id);
  request.set_call_id(call_id);
  request.set_title("STEM-partnerschappen " + call_id);
  request.set_budget_cents(100000000);
  request.set_max_per_project_cents(20000000);
  request.set_duration_months(24);
  request.set_latest_start_months(3);
  request.set_interim_due_months(12);
  request.set_final_due_months_after_end(3);
  return request;
}

partnership_v1::Partner PartnerOf(const std::string& kbo, partnership_v1::HelixRole role) {
  partnership_v1::Partner partner;
  partner.set_kbo(kbo);
  partner.set_role(role);
  return partner;
}

// `lead`'s application to call "2019" with a city, a company and `educator`.
partnership_v1::SubmitPartnershipApplicationRequest Partnership(const std::string& request_id,
                                                                const std::string& lead,
                                                                const std::string& educator) {
  partnership_v1::SubmitPartnershipApplicationRequest request;
  request.set_request_id(request_id);
  request.set_call_id("2019");
  request.set_lead_kbo(lead);
  *request.add_partners() = PartnerOf(kCity, partnership_v1::HELIX_ROLE_LOCAL_GOVERNMENT);
  *request.add_partners() = PartnerOf(kCompany, partnership_v1::HELIX_ROLE_COMPANY);
  *request.add_partners() = PartnerOf(educator, partnership_v1::HELIX_ROLE_EDUCATION);
  request.add_region_nis_codes("11002");
  request.add_region_nis_codes("11007");
  request.set_requested_cents(10000000);
  request.set_title("STEM-regio Antwerpen");
  request.set_description("Trajecten robotica en programmeren in de Antwerpse wijken.");
  return request;
}

partnership_v1::SubmitReportRequest Report(const std::string& request_id,
                                           const std::string& partnership_id,
                                           partnership_v1::ReportKind kind) {
  partnership_v1::SubmitReportRequest request;
  request.set_request_id(request_id);
  request.set_partnership_id(partnership_id);
  request.set_kind(kind);
  request.add_trajectory_nis_codes("11002");
  request.set_children_reached(120);
  request.set_narrative("Twee trajecten robotica opgezet met de stad en de scholen.");
  return request;
}

subsidy_v1::OpenPeriodRequest Period(const std::string& request_id, const std::string& period_id,
                                     const std::string& first_day, const std::string& last_day,
                                     const std::string& opens_at, const std::string& closes_at,
                                     const std::string& reporting_deadline) {
  subsidy_v1::OpenPeriodRequest request;
  request.set_request_id(request_id);
  request.set_period_id(period_id);
  request.set_title("Zaainiveau " + period_id);
  request.set_first_day(first_day);
  request.set_last_day(last_day);
  request.set_window_opens_at(opens_at);
  request.set_window_closes_at(closes_at);
  request.set_reporting_deadline(reporting_deadline);
  request.set_budget_cents(25000000);
  request.set_rule_id("KINDUREN_2019");
  request.set_minimum_grant_cents(100000);
  return request;
}

activity_v1::DateRange RangeOf(const domain::DateRange& range) {
  activity_v1::DateRange result;
  result.set_first_day(clock::FormatDate(range.first));
  result.set_last_day(clock::FormatDate(range.last));
  result.set_name(range.name);
  return result;
}

absl::StatusOr<activity_v1::PublishSchoolCalendarRequest> Calendar(const std::string& request_id,
                                                                   int start_year) {
  const std::string path = SharedDataDir() + "/flemish_school_calendar.csv";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto calendars = domain::ParseSchoolCalendarCsv(text.str());
  if (!calendars.ok()) return calendars.status();
  for (const domain::SchoolYearCalendar& calendar : *calendars) {
    if (calendar.start_year != start_year) continue;
    activity_v1::PublishSchoolCalendarRequest request;
    request.set_request_id(request_id);
    request.set_school_year(domain::SchoolYearName(start_year));
    for (const auto& range : calendar.holidays) *request.add_holidays() = RangeOf(range);
    for (const auto& range : calendar.public_holidays) {
      *request.add_public_holidays() = RangeOf(range);
    }
    return request;
  }
  return absl::NotFoundError("no school calendar of " + domain::SchoolYearName(start_year) +
                             " in " + path);
}

// The world's activity: its first session was held, the others are still to come.
constexpr char kWorldActivityRequest[] = "world-activity";
// The world's partnership: the caller academy leads it; no partner is an academy, so no
// confirmation stands between it and an approval.
constexpr char kWorldPartnershipRequest[] = "world-partnership";

}  // namespace

std::vector<StoryStep> WorldStory() {
  return {
      Step("recognition.SubmitApplication", Caller::kAcademy,
           RecognitionApplication("world-1", kCallerAcademy)),
      Step("recognition.GrantRecognition", Caller::kOfficer, Grant("world-2", kCallerAcademy)),
      Step("recognition.SubmitApplication", Caller::kOfficer,
           RecognitionApplication("world-3", kOtherAcademy)),
      Step("partnership.OpenCall", Caller::kOfficer, Call("world-4", "2019")),
      Step("subsidy.OpenPeriod", Caller::kOfficer,
           Period("world-5", "2019-1", "2019-01-01", "2019-06-30", "2019-02-01T00:00:00Z",
                  "2019-04-01T00:00:00Z", "2019-07-15T00:00:00Z")),
      Step("subsidy.OpenPeriod", Caller::kOfficer,
           Period("world-6", "2018-2", "2018-07-01", "2018-12-31", "2018-06-01T00:00:00Z",
                  "2018-07-01T00:00:00Z", "2019-01-31T00:00:00Z")),
      Step("activity.RegisterActivity", Caller::kAcademy,
           Activity(kWorldActivityRequest, {"2019-02-27", "2019-03-13", "2019-03-20"})),
      Step("partnership.SubmitPartnershipApplication", Caller::kAcademy,
           Partnership(kWorldPartnershipRequest, kCallerAcademy, kSchool)),
  };
}

absl::StatusOr<std::vector<StoryStep>> CommandStory() {
  const std::string world_activity = activity::ActivityIdFor(kCallerAcademy, kWorldActivityRequest);
  const std::string world_partnership =
      partnership::PartnershipIdFor(kCallerAcademy, kWorldPartnershipRequest);
  // Led by the other academy with the caller academy as its educator: the caller confirms
  // one and declines the other.
  const std::string confirmed = partnership::PartnershipIdFor(kOtherAcademy, "story-confirmed");
  const std::string declined = partnership::PartnershipIdFor(kOtherAcademy, "story-declined");
  auto calendar = Calendar("story-calendar", 2018);
  if (!calendar.ok()) return calendar.status();

  std::vector<StoryStep> story;
  auto add = [&](std::string command, Caller caller, const google::protobuf::Message& request) {
    story.push_back(Step(std::move(command), caller, request));
  };
  // Recognition (rulebook section 2).
  add("recognition.GrantRecognition", Caller::kOfficer, Grant("story-grant", kOtherAcademy));
  add("recognition.SubmitApplication", Caller::kOfficer,
      RecognitionApplication("story-apply", kRefusedAcademy));
  recognition_v1::RejectApplicationRequest reject;
  reject.set_request_id("story-reject");
  reject.set_kbo(kRefusedAcademy);
  reject.set_application_id(std::string(kRefusedAcademy) + "-1");
  reject.add_reason_codes(recognition_v1::REJECTION_REASON_NO_TRAJECTORIES);
  reject.set_reason("no trajectories offered");
  add("recognition.RejectApplication", Caller::kOfficer, reject);

  // Activities (rulebook section 3).
  add("activity.RegisterActivity", Caller::kAcademy, Activity("story-activity", {"2019-03-27"}));
  activity_v1::ReportAttendanceRequest attendance;
  attendance.set_request_id("story-attendance");
  attendance.set_activity_id(world_activity);
  attendance.set_session_id("s1");
  for (const auto& [age, children] : {std::pair{8, 6}, std::pair{9, 11}, std::pair{12, 3}}) {
    activity_v1::AgeCount* count = attendance.add_counts();
    count->set_age(age);
    count->set_participants(children);
  }
  add("activity.ReportAttendance", Caller::kAcademy, attendance);
  activity_v1::CancelSessionRequest cancel_session;
  cancel_session.set_request_id("story-cancel-session");
  cancel_session.set_activity_id(world_activity);
  cancel_session.set_session_id("s3");
  cancel_session.set_reason("the room is not available");
  add("activity.CancelSession", Caller::kAcademy, cancel_session);
  activity_v1::CancelActivityRequest cancel_activity;
  cancel_activity.set_request_id("story-cancel-activity");
  cancel_activity.set_activity_id(activity::ActivityIdFor(kCallerAcademy, "story-activity"));
  cancel_activity.set_reason("not enough registrations");
  add("activity.CancelActivity", Caller::kAcademy, cancel_activity);
  add("activity.PublishSchoolCalendar", Caller::kOfficer, *calendar);

  // Partnerships (rulebook section 6).
  add("partnership.OpenCall", Caller::kOfficer, Call("story-call", "2020"));
  add("partnership.SubmitPartnershipApplication", Caller::kOfficer,
      Partnership("story-confirmed", kOtherAcademy, kCallerAcademy));
  add("partnership.SubmitPartnershipApplication", Caller::kOfficer,
      Partnership("story-declined", kOtherAcademy, kCallerAcademy));
  partnership_v1::ConfirmParticipationRequest confirm;
  confirm.set_request_id("story-confirm");
  confirm.set_partnership_id(confirmed);
  confirm.set_partner_kbo(kCallerAcademy);
  add("partnership.ConfirmParticipation", Caller::kAcademy, confirm);
  partnership_v1::DeclineParticipationRequest decline;
  decline.set_request_id("story-decline");
  decline.set_partnership_id(declined);
  decline.set_partner_kbo(kCallerAcademy);
  decline.set_reason("no capacity this year");
  add("partnership.DeclineParticipation", Caller::kAcademy, decline);
  partnership_v1::ApprovePartnershipRequest approve;
  approve.set_request_id("story-approve");
  approve.set_partnership_id(world_partnership);
  approve.set_approved_cents(8000000);
  approve.set_project_start("2019-03-01");
  approve.set_reason("a strong regional plan");
  add("partnership.ApprovePartnership", Caller::kOfficer, approve);
  partnership_v1::RejectPartnershipRequest reject_partnership;
  reject_partnership.set_request_id("story-reject-partnership");
  reject_partnership.set_partnership_id(declined);
  reject_partnership.set_reason("its educator declined");
  add("partnership.RejectPartnership", Caller::kOfficer, reject_partnership);
  add("partnership.SubmitReport", Caller::kAcademy,
      Report("story-interim", world_partnership, partnership_v1::REPORT_KIND_INTERIM));
  partnership_v1::ApproveReportRequest approve_report;
  approve_report.set_request_id("story-approve-report");
  approve_report.set_partnership_id(world_partnership);
  approve_report.set_report_id(partnership::ReportIdFor(partnership_v1::REPORT_KIND_INTERIM, 2));
  add("partnership.ApproveReport", Caller::kOfficer, approve_report);
  add("partnership.SubmitReport", Caller::kAcademy,
      Report("story-final", world_partnership, partnership_v1::REPORT_KIND_FINAL));
  partnership_v1::RejectReportRequest reject_report;
  reject_report.set_request_id("story-reject-report");
  reject_report.set_partnership_id(world_partnership);
  reject_report.set_report_id(partnership::ReportIdFor(partnership_v1::REPORT_KIND_FINAL, 4));
  reject_report.set_reason("the children reached are not broken down by trajectory");
  add("partnership.RejectReport", Caller::kOfficer, reject_report);

  // Subsidies (rulebook sections 4 and 5).
  add("subsidy.OpenPeriod", Caller::kOfficer,
      Period("story-period", "2019-2", "2019-07-01", "2019-12-31", "2019-08-01T00:00:00Z",
             "2019-09-01T00:00:00Z", "2020-01-31T00:00:00Z"));
  subsidy_v1::SubmitApplicationRequest apply;
  apply.set_request_id("story-subsidy-apply");
  apply.set_period_id("2019-1");
  apply.set_academy_kbo(kCallerAcademy);
  apply.set_requested_cents(5000000);
  add("subsidy.SubmitApplication", Caller::kAcademy, apply);
  subsidy_v1::WithdrawApplicationRequest withdraw;
  withdraw.set_request_id("story-subsidy-withdraw");
  withdraw.set_period_id("2019-1");
  withdraw.set_academy_kbo(kCallerAcademy);
  withdraw.set_reason("no capacity this term");
  add("subsidy.WithdrawApplication", Caller::kAcademy, withdraw);
  subsidy_v1::RegisterDemandRequest demand;
  demand.set_request_id("story-demand");
  demand.set_period_id("2019-1");
  demand.set_municipality_nis_code(kCallerMunicipality);
  demand.mutable_ages()->set_min_age(8);
  demand.mutable_ages()->set_max_age(14);
  demand.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
  demand.set_note("Vooral in de wijken ten noorden van de Ring.");
  add("subsidy.RegisterDemand", Caller::kMunicipality, demand);
  subsidy_v1::WithdrawDemandRequest withdraw_demand;
  withdraw_demand.set_request_id("story-withdraw-demand");
  withdraw_demand.set_period_id("2019-1");
  withdraw_demand.set_municipality_nis_code(kCallerMunicipality);
  withdraw_demand.set_reason("the city funds it itself");
  add("subsidy.WithdrawDemand", Caller::kMunicipality, withdraw_demand);
  subsidy_v1::AllocatePeriodRequest allocate;
  allocate.set_request_id("story-allocate");
  allocate.set_period_id("2018-2");
  add("subsidy.AllocatePeriod", Caller::kOfficer, allocate);

  // Last: a revocation from a later date leaves the other academy recognised today.
  recognition_v1::RevokeRecognitionRequest revoke;
  revoke.set_request_id("story-revoke");
  revoke.set_kbo(kOtherAcademy);
  revoke.set_effective_from("2019-09-01");
  revoke.set_reason("its activities stopped");
  add("recognition.RevokeRecognition", Caller::kOfficer, revoke);
  return story;
}

absl::Status Play(InProcessSuite& suite, const std::vector<StoryStep>& steps) {
  for (size_t i = 0; i < steps.size(); ++i) {
    const StoryStep& step = steps[i];
    std::optional<uint8_t> number = CommandNumber(step.command);
    if (!number) return absl::InvalidArgumentError("no command RPC " + step.command);
    std::optional<grpc::Status> status = suite.Call(*number, step.caller, step.request);
    if (!status) return absl::InvalidArgumentError(step.command + ": the request does not parse");
    if (!status->ok()) {
      absl::Status refused = rpc::FromGrpcStatus(*status);
      return absl::Status(refused.code(), "step " + std::to_string(i + 1) + " (" + step.command +
                                              ") refused: " + refused.ToString());
    }
  }
  return absl::OkStatus();
}

}  // namespace stem::fuzz
