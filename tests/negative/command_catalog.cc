#include "tests/negative/command_catalog.h"

#include <cstdint>
#include <limits>

#include "stem/activity/v1/activity_service.pb.h"
#include "stem/clock/v1/clock_service.pb.h"
#include "stem/partnership/v1/partnership_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::negative {
namespace {

using Code = absl::StatusCode;
constexpr int64_t kHuge = std::numeric_limits<int64_t>::max();
constexpr int64_t kMost = std::numeric_limits<int64_t>::min();

// A case that spoils a request of type Request.
template <typename Request>
SpecificCase Case(std::string what, std::function<void(Request&)> spoil, Code code,
                  std::string reason, std::string token = "") {
  return {std::move(what),
          [spoil = std::move(spoil)](google::protobuf::Message& message) {
            spoil(static_cast<Request&>(message));
          },
          code, std::move(reason), std::move(token)};
}

template <typename Request>
std::shared_ptr<const google::protobuf::Message> Good(std::function<void(Request&)> fill) {
  auto request = std::make_shared<Request>();
  request->set_request_id("negative-suite");
  fill(*request);
  return request;
}

std::vector<CommandUnderTest> Recognition(const World& w) {
  namespace v1 = recognition::v1;
  const std::string academy_token = "academy-" + w.academy;
  return {
      {"/stem.recognition.v1.RecognitionService/SubmitApplication",
       Good<v1::SubmitApplicationRequest>([&](auto& r) {
         r.set_kbo(w.academy);
         r.set_name("STEM-academie");
         r.set_contact_email("info@stem.be");
         r.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
         r.mutable_ages()->set_min_age(8);
         r.mutable_ages()->set_max_age(12);
         r.add_municipality_nis_codes("11002");
         r.mutable_attestations()->set_outside_school_hours(true);
         r.mutable_attestations()->set_open_to_every_child(true);
         r.mutable_attestations()->set_offered_as_trajectories(true);
       }),
       academy_token,
       {Case<v1::SubmitApplicationRequest>(
            "an unknown domain",
            [](auto& r) { r.set_domains(0, static_cast<common::v1::StemDomain>(99)); },
            Code::kInvalidArgument, "DOMAIN_INVALID"),
        Case<v1::SubmitApplicationRequest>(
            "ages past any integer", [](auto& r) { r.mutable_ages()->set_max_age(INT32_MAX); },
            Code::kInvalidArgument, "AGE_RANGE_INVALID"),
        Case<v1::SubmitApplicationRequest>(
            "negative ages", [](auto& r) { r.mutable_ages()->set_min_age(INT32_MIN); },
            Code::kInvalidArgument, "AGE_RANGE_INVALID"),
        Case<v1::SubmitApplicationRequest>(
            "another academy's KBO", [&](auto& r) { r.set_kbo(w.other_academy); },
            Code::kPermissionDenied, "NOT_OWN_ACADEMY"),
        Case<v1::SubmitApplicationRequest>(
            "a municipality of Brussels", [](auto& r) { r.set_municipality_nis_codes(0, "21004"); },
            Code::kInvalidArgument, "MUNICIPALITY_UNKNOWN")}},
      {"/stem.recognition.v1.RecognitionService/GrantRecognition",
       Good<v1::GrantRecognitionRequest>([&](auto& r) {
         r.set_kbo(w.academy);
         r.set_application_id(w.academy + "-99");
         r.set_kind(v1::RECOGNITION_KIND_PROVISIONAL);
         r.set_reason("fine");
       }),
       "officer",
       {Case<v1::GrantRecognitionRequest>(
            "an unknown kind", [](auto& r) { r.set_kind(static_cast<v1::RecognitionKind>(7)); },
            Code::kInvalidArgument, "KIND_MISSING"),
        Case<v1::GrantRecognitionRequest>(
            "an academy's own grant", [](auto&) {}, Code::kPermissionDenied, "ROLE_NOT_ALLOWED",
            academy_token)}},
      {"/stem.recognition.v1.RecognitionService/RejectApplication",
       Good<v1::RejectApplicationRequest>([&](auto& r) {
         r.set_kbo(w.academy);
         r.set_application_id(w.academy + "-99");
         r.add_reason_codes(v1::REJECTION_REASON_INCOMPLETE);
         r.set_reason("incomplete");
       }),
       "officer",
       {Case<v1::RejectApplicationRequest>(
           "an unknown reason code",
           [](auto& r) { r.set_reason_codes(0, static_cast<v1::RejectionReason>(1000)); },
           Code::kInvalidArgument, "REASON_CODES_MISSING")}},
      {"/stem.recognition.v1.RecognitionService/RevokeRecognition",
       Good<v1::RevokeRecognitionRequest>([&](auto& r) {
         r.set_kbo(w.academy);
         r.set_effective_from("2019-06-01");
         r.set_reason("fraud");
       }),
       "officer",
       {Case<v1::RevokeRecognitionRequest>(
            "year 0", [](auto& r) { r.set_effective_from("0000-01-01"); }, Code::kInvalidArgument,
            "DATE_OUT_OF_RANGE"),
        Case<v1::RevokeRecognitionRequest>(
            "year 999", [](auto& r) { r.set_effective_from("0999-06-01"); }, Code::kInvalidArgument,
            "DATE_OUT_OF_RANGE"),
        Case<v1::RevokeRecognitionRequest>(
            "an unpadded year", [](auto& r) { r.set_effective_from("999-06-01"); },
            Code::kInvalidArgument, "DATE_INVALID"),
        Case<v1::RevokeRecognitionRequest>(
            "a negative expected version", [](auto& r) { r.set_expected_version(kMost); },
            Code::kAborted, "VERSION_CONFLICT")}},
  };
}

std::vector<CommandUnderTest> Activity(const World& w) {
  namespace v1 = activity::v1;
  const std::string academy_token = "academy-" + w.academy;
  const std::string other_token = "academy-" + w.other_academy;
  return {
      {"/stem.activity.v1.ActivityService/RegisterActivity",
       Good<v1::RegisterActivityRequest>([&](auto& r) {
         r.set_academy_kbo(w.academy);
         r.set_title("Robots bouwen");
         r.add_domains(common::v1::STEM_DOMAIN_ENGINEERING);
         r.set_municipality_nis_code("11002");
         r.mutable_ages()->set_min_age(8);
         r.mutable_ages()->set_max_age(12);
         v1::SessionSpec* session = r.add_sessions();
         session->set_date("2019-03-12");
         session->set_start_time("15:00");
         session->set_end_time("17:00");
       }),
       academy_token,
       {Case<v1::RegisterActivityRequest>(
            "a session in year 999", [](auto& r) { r.mutable_sessions(0)->set_date("0999-06-01"); },
            Code::kInvalidArgument, "DATE_OUT_OF_RANGE"),
        Case<v1::RegisterActivityRequest>(
            "a session in year 1", [](auto& r) { r.mutable_sessions(0)->set_date("0001-01-01"); },
            Code::kInvalidArgument, "DATE_OUT_OF_RANGE"),
        Case<v1::RegisterActivityRequest>(
            "a session in 2100", [](auto& r) { r.mutable_sessions(0)->set_date("2100-01-01"); },
            Code::kInvalidArgument, "DATE_OUT_OF_RANGE"),
        Case<v1::RegisterActivityRequest>(
            "a 30th of February", [](auto& r) { r.mutable_sessions(0)->set_date("2019-02-30"); },
            Code::kInvalidArgument, "DATE_INVALID"),
        Case<v1::RegisterActivityRequest>(
            "a time of 25:00", [](auto& r) { r.mutable_sessions(0)->set_end_time("25:00"); },
            Code::kInvalidArgument, "SESSION_TIME_INVALID"),
        Case<v1::RegisterActivityRequest>(
            "an unknown domain",
            [](auto& r) { r.set_domains(0, static_cast<common::v1::StemDomain>(-3)); },
            Code::kInvalidArgument, "DOMAIN_INVALID"),
        Case<v1::RegisterActivityRequest>(
            "for another academy", [&](auto& r) { r.set_academy_kbo(w.other_academy); },
            Code::kPermissionDenied, "NOT_OWN_ACADEMY")}},
      {"/stem.activity.v1.ActivityService/CancelActivity",
       Good<v1::CancelActivityRequest>([&](auto& r) {
         r.set_activity_id(w.activity_id);
         r.set_reason("rain");
       }),
       academy_token,
       {Case<v1::CancelActivityRequest>(
           "another academy's activity", [](auto&) {}, Code::kPermissionDenied, "NOT_OWN_ACADEMY",
           other_token)}},
      {"/stem.activity.v1.ActivityService/CancelSession",
       Good<v1::CancelSessionRequest>([&](auto& r) {
         r.set_activity_id(w.activity_id);
         r.set_session_id("s1");
         r.set_reason("rain");
       }),
       academy_token,
       {Case<v1::CancelSessionRequest>(
           "another academy's session", [](auto&) {}, Code::kPermissionDenied, "NOT_OWN_ACADEMY",
           other_token)}},
      {"/stem.activity.v1.ActivityService/ReportAttendance",
       Good<v1::ReportAttendanceRequest>([&](auto& r) {
         r.set_activity_id(w.activity_id);
         r.set_session_id("s1");
         v1::AgeCount* count = r.add_counts();
         count->set_age(10);
         count->set_participants(5);
       }),
       academy_token,
       {Case<v1::ReportAttendanceRequest>(
            "a negative count", [](auto& r) { r.mutable_counts(0)->set_participants(-1); },
            Code::kInvalidArgument, "ATTENDANCE_INVALID"),
        Case<v1::ReportAttendanceRequest>(
            "a count past any integer",
            [](auto& r) { r.mutable_counts(0)->set_participants(kHuge); }, Code::kInvalidArgument,
            "ATTENDANCE_INVALID"),
        Case<v1::ReportAttendanceRequest>(
            "an age of -1", [](auto& r) { r.mutable_counts(0)->set_age(-1); },
            Code::kInvalidArgument, "ATTENDANCE_INVALID"),
        Case<v1::ReportAttendanceRequest>(
            "another academy's session", [](auto&) {}, Code::kPermissionDenied, "NOT_OWN_ACADEMY",
            other_token)}},
      {"/stem.activity.v1.ActivityService/PublishSchoolCalendar",
       Good<v1::PublishSchoolCalendarRequest>([](auto& r) {
         r.set_school_year("2018-2019");
         v1::DateRange* range = r.add_holidays();
         range->set_first_day("2019-04-08");
         range->set_last_day("2019-04-22");
         range->set_name("paasvakantie");
       }),
       "officer",
       {Case<v1::PublishSchoolCalendarRequest>(
            "a holiday in year 999",
            [](auto& r) { r.mutable_holidays(0)->set_first_day("0999-04-08"); },
            Code::kInvalidArgument, "DATE_OUT_OF_RANGE"),
        Case<v1::PublishSchoolCalendarRequest>(
            "the school year 1999-2000", [](auto& r) { r.set_school_year("1999-2000"); },
            Code::kInvalidArgument, "CALENDAR_INVALID")}},
  };
}

std::vector<CommandUnderTest> Partnership(const World& w) {
  namespace v1 = partnership::v1;
  const std::string academy_token = "academy-" + w.academy;
  const std::string other_token = "academy-" + w.other_academy;
  return {
      {"/stem.partnership.v1.PartnershipService/OpenCall",
       Good<v1::OpenCallRequest>([](auto& r) {
         r.set_call_id("2021");
         r.set_title("STEM-partnerschappen 2021");
         r.set_budget_cents(100000000);
         r.set_max_per_project_cents(20000000);
         r.set_duration_months(24);
         r.set_latest_start_months(3);
         r.set_interim_due_months(12);
         r.set_final_due_months_after_end(3);
       }),
       "officer",
       {Case<v1::OpenCallRequest>(
            "a negative budget", [](auto& r) { r.set_budget_cents(-1); }, Code::kInvalidArgument,
            "CALL_INVALID"),
        Case<v1::OpenCallRequest>(
            "a project maximum past the budget",
            [](auto& r) { r.set_max_per_project_cents(kHuge); }, Code::kInvalidArgument,
            "CALL_INVALID"),
        Case<v1::OpenCallRequest>(
            "a duration past any integer", [](auto& r) { r.set_duration_months(INT32_MAX); },
            Code::kInvalidArgument, "CALL_INVALID")}},
      {"/stem.partnership.v1.PartnershipService/SubmitPartnershipApplication",
       Good<v1::SubmitPartnershipApplicationRequest>([&](auto& r) {
         r.set_call_id(w.call_id);
         r.set_lead_kbo(w.academy);
         for (const auto& [kbo, role] : {std::pair{"0207500123", v1::HELIX_ROLE_LOCAL_GOVERNMENT},
                                         std::pair{"0410000093", v1::HELIX_ROLE_COMPANY},
                                         std::pair{"0800000075", v1::HELIX_ROLE_EDUCATION}}) {
           v1::Partner* partner = r.add_partners();
           partner->set_kbo(kbo);
           partner->set_role(role);
         }
         r.add_region_nis_codes("11002");
         r.set_requested_cents(10000000);
         r.set_title("Samen STEM");
         r.set_description("Een partnerschap.");
       }),
       academy_token,
       {Case<v1::SubmitPartnershipApplicationRequest>(
            "an unknown helix role",
            [](auto& r) { r.mutable_partners(0)->set_role(static_cast<v1::HelixRole>(42)); },
            Code::kInvalidArgument, "PARTNER_INVALID"),
        Case<v1::SubmitPartnershipApplicationRequest>(
            "a negative amount", [](auto& r) { r.set_requested_cents(kMost); },
            Code::kInvalidArgument, "AMOUNT_INVALID"),
        Case<v1::SubmitPartnershipApplicationRequest>(
            "for another lead", [&](auto& r) { r.set_lead_kbo(w.other_academy); },
            Code::kPermissionDenied, "NOT_OWN_ACADEMY")}},
      {"/stem.partnership.v1.PartnershipService/ConfirmParticipation",
       Good<v1::ConfirmParticipationRequest>([&](auto& r) {
         r.set_partnership_id(w.partnership_id);
         r.set_partner_kbo(w.other_academy);
       }),
       other_token,
       {Case<v1::ConfirmParticipationRequest>(
            "for another academy", [&](auto& r) { r.set_partner_kbo(w.academy); },
            Code::kPermissionDenied, "NOT_OWN_ACADEMY"),
        Case<v1::ConfirmParticipationRequest>(
            "by an officer", [](auto&) {}, Code::kPermissionDenied, "ROLE_NOT_ALLOWED",
            "officer")}},
      {"/stem.partnership.v1.PartnershipService/DeclineParticipation",
       Good<v1::DeclineParticipationRequest>([&](auto& r) {
         r.set_partnership_id(w.partnership_id);
         r.set_partner_kbo(w.other_academy);
         r.set_reason("no capacity");
       }),
       other_token,
       {Case<v1::DeclineParticipationRequest>(
           "by a stranger academy", [&](auto& r) { r.set_partner_kbo(w.academy); },
           Code::kPermissionDenied, "NOT_A_PARTNER", "academy-" + w.academy)}},
      {"/stem.partnership.v1.PartnershipService/ApprovePartnership",
       Good<v1::ApprovePartnershipRequest>([&](auto& r) {
         r.set_partnership_id(w.partnership_id);
         r.set_approved_cents(10000000);
         r.set_project_start("2019-02-01");
       }),
       "officer",
       {Case<v1::ApprovePartnershipRequest>(
            "a start in year 999", [](auto& r) { r.set_project_start("0999-02-01"); },
            Code::kInvalidArgument, "DATE_OUT_OF_RANGE"),
        Case<v1::ApprovePartnershipRequest>(
            "a negative amount", [](auto& r) { r.set_approved_cents(kMost); },
            Code::kInvalidArgument, "AMOUNT_INVALID"),
        Case<v1::ApprovePartnershipRequest>(
            "more than requested", [](auto& r) { r.set_approved_cents(kHuge); },
            Code::kInvalidArgument, "AMOUNT_ABOVE_REQUESTED")}},
      {"/stem.partnership.v1.PartnershipService/RejectPartnership",
       Good<v1::RejectPartnershipRequest>([&](auto& r) {
         r.set_partnership_id(w.partnership_id);
         r.set_reason("not regional enough");
       }),
       "officer",
       {Case<v1::RejectPartnershipRequest>(
           "by its lead", [](auto&) {}, Code::kPermissionDenied, "ROLE_NOT_ALLOWED",
           academy_token)}},
      {"/stem.partnership.v1.PartnershipService/SubmitReport",
       Good<v1::SubmitReportRequest>([&](auto& r) {
         r.set_partnership_id(w.partnership_id);
         r.set_kind(v1::REPORT_KIND_INTERIM);
         r.add_trajectory_nis_codes("11002");
         r.set_children_reached(100);
         r.set_narrative("Het eerste jaar.");
       }),
       academy_token,
       {Case<v1::SubmitReportRequest>(
            "an unknown kind", [](auto& r) { r.set_kind(static_cast<v1::ReportKind>(9)); },
            Code::kInvalidArgument, "KIND_MISSING"),
        Case<v1::SubmitReportRequest>(
            "negative children", [](auto& r) { r.set_children_reached(kMost); },
            Code::kInvalidArgument, "CHILDREN_INVALID"),
        Case<v1::SubmitReportRequest>(
            "by a partner that does not lead", [](auto&) {}, Code::kPermissionDenied,
            "NOT_OWN_ACADEMY", other_token)}},
      {"/stem.partnership.v1.PartnershipService/ApproveReport",
       Good<v1::ApproveReportRequest>([&](auto& r) {
         r.set_partnership_id(w.partnership_id);
         r.set_report_id("interim-9");
       }),
       "officer",
       {}},
      {"/stem.partnership.v1.PartnershipService/RejectReport",
       Good<v1::RejectReportRequest>([&](auto& r) {
         r.set_partnership_id(w.partnership_id);
         r.set_report_id("interim-9");
         r.set_reason("incomplete");
       }),
       "officer",
       {}},
  };
}

std::vector<CommandUnderTest> Subsidy(const World& w) {
  namespace v1 = subsidy::v1;
  const std::string academy_token = "academy-" + w.academy;
  return {
      {"/stem.subsidy.v1.SubsidyService/OpenPeriod",
       Good<v1::OpenPeriodRequest>([](auto& r) {
         r.set_period_id("2019-2");
         r.set_title("Zaainiveau 2019-2");
         r.set_first_day("2019-07-01");
         r.set_last_day("2019-12-31");
         r.set_window_opens_at("2019-07-01T00:00:00+02:00");
         r.set_window_closes_at("2019-10-01T00:00:00+02:00");
         r.set_reporting_deadline("2020-01-15T00:00:00+01:00");
         r.set_budget_cents(25000000);
         r.set_rule_id("KINDUREN_2019");
         r.set_minimum_grant_cents(100000);
       }),
       "officer",
       {Case<v1::OpenPeriodRequest>(
            "a first day in year 1", [](auto& r) { r.set_first_day("0001-01-01"); },
            Code::kInvalidArgument, "DATE_OUT_OF_RANGE"),
        Case<v1::OpenPeriodRequest>(
            "a window opening in year 9999",
            [](auto& r) { r.set_window_opens_at("9999-01-01T00:00:00Z"); }, Code::kInvalidArgument,
            "DATE_OUT_OF_RANGE"),
        Case<v1::OpenPeriodRequest>(
            "a negative budget", [](auto& r) { r.set_budget_cents(kMost); }, Code::kInvalidArgument,
            "BUDGET_INVALID"),
        Case<v1::OpenPeriodRequest>(
            "a minimum grant past the budget", [](auto& r) { r.set_minimum_grant_cents(kHuge); },
            Code::kInvalidArgument, "MINIMUM_GRANT_INVALID"),
        Case<v1::OpenPeriodRequest>(
            "an unknown rule", [](auto& r) { r.set_rule_id("LOTTERY"); }, Code::kInvalidArgument,
            "RULE_UNKNOWN")}},
      {"/stem.subsidy.v1.SubsidyService/SubmitApplication",
       Good<v1::SubmitApplicationRequest>([&](auto& r) {
         r.set_period_id(w.period_id);
         r.set_academy_kbo(w.academy);
       }),
       academy_token,
       {Case<v1::SubmitApplicationRequest>(
            "a negative amount", [](auto& r) { r.set_requested_cents(kMost); },
            Code::kInvalidArgument, "AMOUNT_INVALID"),
        Case<v1::SubmitApplicationRequest>(
            "for another academy", [&](auto& r) { r.set_academy_kbo(w.other_academy); },
            Code::kPermissionDenied, "NOT_OWN_ACADEMY")}},
      {"/stem.subsidy.v1.SubsidyService/WithdrawApplication",
       Good<v1::WithdrawApplicationRequest>([&](auto& r) {
         r.set_period_id(w.period_id);
         r.set_academy_kbo(w.academy);
         r.set_reason("changed our mind");
       }),
       academy_token,
       {Case<v1::WithdrawApplicationRequest>(
           "another academy's", [&](auto& r) { r.set_academy_kbo(w.other_academy); },
           Code::kPermissionDenied, "NOT_OWN_ACADEMY")}},
      {"/stem.subsidy.v1.SubsidyService/RegisterDemand",
       Good<v1::RegisterDemandRequest>([&](auto& r) {
         r.set_period_id(w.period_id);
         r.set_municipality_nis_code("11002");
         r.mutable_ages()->set_min_age(6);
         r.mutable_ages()->set_max_age(12);
         r.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
         r.set_note("programmeren");
       }),
       "municipality-11002",
       {Case<v1::RegisterDemandRequest>(
            "for another municipality", [](auto& r) { r.set_municipality_nis_code("44021"); },
            Code::kPermissionDenied, "NOT_OWN_MUNICIPALITY"),
        Case<v1::RegisterDemandRequest>(
            "an unknown domain",
            [](auto& r) { r.set_domains(0, static_cast<common::v1::StemDomain>(77)); },
            Code::kInvalidArgument, "DOMAIN_INVALID")}},
      {"/stem.subsidy.v1.SubsidyService/WithdrawDemand",
       Good<v1::WithdrawDemandRequest>([&](auto& r) {
         r.set_period_id(w.period_id);
         r.set_municipality_nis_code("11002");
         r.set_reason("budget");
       }),
       "municipality-11002",
       {Case<v1::WithdrawDemandRequest>(
           "another municipality's", [](auto& r) { r.set_municipality_nis_code("44021"); },
           Code::kPermissionDenied, "NOT_OWN_MUNICIPALITY")}},
      {"/stem.subsidy.v1.SubsidyService/AllocatePeriod",
       Good<v1::AllocatePeriodRequest>([&](auto& r) { r.set_period_id(w.period_id); }),
       "officer",
       {Case<v1::AllocatePeriodRequest>(
           "by an academy", [](auto&) {}, Code::kPermissionDenied, "ROLE_NOT_ALLOWED",
           academy_token)}},
  };
}

std::vector<CommandUnderTest> Clock() {
  namespace v1 = clock::v1;
  auto good = std::make_shared<v1::AdvanceClockRequest>();
  good->mutable_by()->set_seconds(60);
  return {{"/stem.clock.v1.ClockService/AdvanceClock",
           good,
           "operator",
           {Case<v1::AdvanceClockRequest>(
                "nanoseconds past a second", [](auto& r) { r.mutable_by()->set_nanos(2000000000); },
                Code::kInvalidArgument, "CLOCK_RANGE"),
            Case<v1::AdvanceClockRequest>(
                "a duration past int64 nanoseconds",
                [](auto& r) { r.mutable_by()->set_seconds(kHuge); }, Code::kInvalidArgument,
                "CLOCK_RANGE"),
            Case<v1::AdvanceClockRequest>(
                "backwards", [](auto& r) { r.mutable_by()->set_seconds(-60); },
                Code::kInvalidArgument, "CLOCK_BACKWARDS"),
            Case<v1::AdvanceClockRequest>(
                "to year 9999", [](auto& r) { r.mutable_to()->set_seconds(253402300799); },
                Code::kInvalidArgument, "CLOCK_RANGE"),
            Case<v1::AdvanceClockRequest>(
                "to before year 1", [](auto& r) { r.mutable_to()->set_seconds(kMost); },
                Code::kInvalidArgument, "CLOCK_RANGE"),
            Case<v1::AdvanceClockRequest>(
                "by an officer", [](auto&) {}, Code::kPermissionDenied, "ROLE_NOT_ALLOWED",
                "officer")}}};
}

}  // namespace

std::vector<CommandUnderTest> CommandCatalog(const World& world) {
  std::vector<CommandUnderTest> all;
  for (auto* part : {&Recognition, &Activity, &Partnership, &Subsidy}) {
    for (CommandUnderTest& command : part(world)) all.push_back(std::move(command));
  }
  for (CommandUnderTest& command : Clock()) all.push_back(std::move(command));
  return all;
}

}  // namespace stem::negative
