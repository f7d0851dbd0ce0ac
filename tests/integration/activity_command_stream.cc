#include "tests/integration/activity_command_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/time/civil_time.h"
#include "libs/clock/date.h"
#include "libs/common/shared_data.h"
#include "libs/domain/municipalities.h"
#include "libs/domain/school_calendar.h"

namespace stem::integration {
namespace {

using activity::v1::ActivityService;

constexpr absl::Duration kCallTimeout = absl::Seconds(10);
// A command not acknowledged within this long (through every restart) has hung.
constexpr absl::Duration kCommandPatience = absl::Seconds(90);
constexpr int kSessionMinutes = 120;  // 15:00-17:00 on a Saturday, all outside school hours
constexpr int kMaxActivities = 10;

// Errors of a process that died or is starting; anything else is an answer.
bool Transient(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::CANCELLED;
}

absl::Status Failed(const std::string& what, const grpc::Status& status) {
  return absl::InternalError(what + ": " + std::to_string(status.error_code()) + " " +
                             status.error_message());
}

activity::v1::DateRange RangeOf(const domain::DateRange& range) {
  activity::v1::DateRange result;
  result.set_first_day(clock::FormatDate(range.first));
  result.set_last_day(clock::FormatDate(range.last));
  result.set_name(range.name);
  return result;
}

int64_t ExpectedChildMinutes(bool cancelled, const std::map<int, int64_t>& attendance) {
  if (cancelled) return 0;
  int64_t eligible = 0;
  for (const auto& [age, participants] : attendance) {
    if (age >= 5 && age <= 18) eligible += participants;  // rulebook: children of 5-18
  }
  return eligible * kSessionMinutes;
}

}  // namespace

ActivityCommandStream::ActivityCommandStream(ServiceProcess& activity, std::string kbo,
                                             uint64_t seed)
    : activity_(activity), kbo_(std::move(kbo)), random_(seed) {
  for (absl::CivilDay day(2019, 1, 12); day <= absl::CivilDay(2019, 6, 1); day += 7) {
    saturdays_.push_back(clock::FormatDate(day));
  }
}

absl::Status ActivityCommandStream::AwaitAcknowledged(int64_t count,
                                                      absl::Duration patience) const {
  const absl::Time deadline = absl::Now() + patience;
  while (acknowledged_ < count) {
    if (absl::Now() > deadline) return absl::DeadlineExceededError("no command acknowledged");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return absl::OkStatus();
}

bool ActivityCommandStream::HasOpenSession() const {
  for (const ActivityModel& activity : activities_) {
    for (const SessionModel& session : activity.sessions) {
      if (!session.cancelled) return true;
    }
  }
  return false;
}

absl::Status ActivityCommandStream::Run(const std::atomic<bool>& stop) {
  while (!stop) {
    const double dice = std::uniform_real_distribution<double>(0, 1)(random_);
    absl::Status sent;
    if (!calendar_published_ && dice < 0.05) {
      sent = PublishCalendar();
    } else if (activities_.size() < 2 || !HasOpenSession() ||
               (activities_.size() < kMaxActivities && dice < 0.15)) {
      // Once every session is cancelled, only a new activity gives the stream work.
      sent = Register();
    } else if (dice < 0.9) {
      sent = ReportAttendance();
    } else {
      sent = CancelSession();
    }
    if (!sent.ok()) return sent;
  }
  return absl::OkStatus();
}

absl::Status ActivityCommandStream::Send(const std::string& what, const std::string& token,
                                         const Call& call) {
  const absl::Time give_up = absl::Now() + kCommandPatience;
  while (true) {
    auto stub = ActivityService::NewStub(activity_.Channel());
    in_flight_ = true;
    const grpc::Status status = call(*stub, CallAs(token, kCallTimeout).get());
    in_flight_ = false;
    if (status.ok()) {
      ++acknowledged_;
      return absl::OkStatus();
    }
    if (!Transient(status)) return Failed(what, status);
    if (absl::Now() > give_up) return Failed(what + " never acknowledged", status);
    if (abandoned_) return absl::AbortedError(what + ": abandoned");
    ++retries_;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

absl::Status ActivityCommandStream::Register() {
  std::vector<std::string> dates;
  std::sample(saturdays_.begin(), saturdays_.end(), std::back_inserter(dates), 5, random_);
  activity::v1::RegisterActivityRequest request;
  request.set_request_id(NextRequestId());
  request.set_academy_kbo(kbo_);
  request.set_title("Robotica na school");
  request.add_domains(common::v1::STEM_DOMAIN_TECHNOLOGY);
  request.set_municipality_nis_code("11002");
  request.mutable_ages()->set_min_age(8);
  request.mutable_ages()->set_max_age(14);
  for (const std::string& date : dates) {
    activity::v1::SessionSpec* session = request.add_sessions();
    session->set_date(date);
    session->set_start_time("15:00");
    session->set_end_time("17:00");
  }
  activity::v1::RegisterActivityResponse response;
  absl::Status sent = Send("register " + request.request_id(), "academy-" + kbo_,
                           [&](ActivityService::Stub& stub, grpc::ClientContext* context) {
                             return stub.RegisterActivity(context, request, &response);
                           });
  if (!sent.ok()) return sent;
  ActivityModel model;
  model.id = response.activity_id();
  model.commands = 1;
  for (const std::string& session_id : response.session_ids()) {
    model.sessions.push_back({session_id, false, {}});
  }
  activities_.push_back(std::move(model));
  return absl::OkStatus();
}

absl::Status ActivityCommandStream::ReportAttendance() {
  ActivityModel& target = activities_[random_() % activities_.size()];
  SessionModel& session = target.sessions[random_() % target.sessions.size()];
  if (session.cancelled) return absl::OkStatus();  // the dice roll again
  // 1-3 ages, now and then outside 5-18 (counted as given, not as child-minutes).
  std::map<int, int64_t> attendance;
  const int ages = 1 + static_cast<int>(random_() % 3);
  for (int i = 0; i < ages; ++i) attendance[3 + random_() % 18] = 1 + random_() % 25;
  activity::v1::ReportAttendanceRequest request;
  request.set_request_id(NextRequestId());
  request.set_activity_id(target.id);
  request.set_session_id(session.id);
  for (const auto& [age, participants] : attendance) {
    activity::v1::AgeCount* count = request.add_counts();
    count->set_age(age);
    count->set_participants(participants);
  }
  activity::v1::ReportAttendanceResponse response;
  absl::Status sent = Send("report " + request.request_id(), "academy-" + kbo_,
                           [&](ActivityService::Stub& stub, grpc::ClientContext* context) {
                             return stub.ReportAttendance(context, request, &response);
                           });
  if (!sent.ok()) return sent;
  session.attendance = attendance;  // a report replaces the session's earlier one
  ++target.commands;
  return absl::OkStatus();
}

absl::Status ActivityCommandStream::CancelSession() {
  ActivityModel& target = activities_[random_() % activities_.size()];
  SessionModel& session = target.sessions[random_() % target.sessions.size()];
  if (session.cancelled) return absl::OkStatus();
  activity::v1::CancelSessionRequest request;
  request.set_request_id(NextRequestId());
  request.set_activity_id(target.id);
  request.set_session_id(session.id);
  request.set_reason("the teacher is ill");
  activity::v1::CancelSessionResponse response;
  absl::Status sent = Send("cancel " + request.request_id(), "academy-" + kbo_,
                           [&](ActivityService::Stub& stub, grpc::ClientContext* context) {
                             return stub.CancelSession(context, request, &response);
                           });
  if (!sent.ok()) return sent;
  session.cancelled = true;
  ++target.commands;
  return absl::OkStatus();
}

absl::Status ActivityCommandStream::PublishCalendar() {
  std::ifstream in(DefaultSharedDataDir() + "/flemish_school_calendar.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto calendars = domain::ParseSchoolCalendarCsv(text.str());
  if (!calendars.ok()) return calendars.status();
  activity::v1::PublishSchoolCalendarRequest request;
  request.set_request_id(NextRequestId());
  request.set_school_year("2018-2019");
  for (const domain::SchoolYearCalendar& calendar : *calendars) {
    if (domain::SchoolYearName(calendar.start_year) != request.school_year()) continue;
    for (const auto& range : calendar.holidays) *request.add_holidays() = RangeOf(range);
    for (const auto& range : calendar.public_holidays) {
      *request.add_public_holidays() = RangeOf(range);
    }
  }
  if (request.holidays().empty()) return absl::NotFoundError("no calendar of 2018-2019");
  activity::v1::PublishSchoolCalendarResponse response;
  absl::Status sent = Send("publish " + request.request_id(), "officer",
                           [&](ActivityService::Stub& stub, grpc::ClientContext* context) {
                             return stub.PublishSchoolCalendar(context, request, &response);
                           });
  if (!sent.ok()) return sent;
  // The calendar's first fact: a second one would be a command applied twice.
  EXPECT_EQ(response.version(), 1);
  calendar_published_ = true;
  return absl::OkStatus();
}

void ActivityCommandStream::ExpectEffectsVisible() {
  auto stub = ActivityService::NewStub(activity_.Channel());
  int64_t total = 0;
  for (const ActivityModel& model : activities_) {
    activity::v1::GetActivityRequest request;
    request.set_activity_id(model.id);
    activity::v1::GetActivityResponse response;
    const grpc::Status status =
        stub->GetActivity(CallAs("officer", kCallTimeout).get(), request, &response);
    ASSERT_TRUE(status.ok()) << model.id << ": " << status.error_message();
    const activity::v1::Activity& seen = response.activity();
    // One fact per acknowledged command: a command applied twice (or lost) shows here.
    EXPECT_EQ(seen.version(), model.commands) << model.id;
    ASSERT_EQ(seen.sessions_size(), static_cast<int>(model.sessions.size())) << model.id;
    for (int i = 0; i < seen.sessions_size(); ++i) {
      const activity::v1::ActivitySession& session = seen.sessions(i);
      const SessionModel& expected = model.sessions[i];
      ASSERT_EQ(session.session().session_id(), expected.id) << model.id;
      const std::string where = model.id + "/" + expected.id;
      EXPECT_EQ(session.cancelled(), expected.cancelled) << where;
      std::map<int, int64_t> attendance;
      for (const activity::v1::AgeCount& count : session.attendance()) {
        attendance[count.age()] = count.participants();
      }
      EXPECT_EQ(attendance, expected.attendance) << where;
      const int64_t minutes = ExpectedChildMinutes(expected.cancelled, expected.attendance);
      EXPECT_EQ(session.child_minutes().child_minutes(), minutes) << where;
      total += minutes;
    }
  }
  activity::v1::GetChildMinutesRequest request;
  request.set_academy_kbo(kbo_);
  request.set_from_date("2019-01-01");
  request.set_to_date("2019-06-30");
  activity::v1::GetChildMinutesResponse response;
  const grpc::Status status =
      stub->GetChildMinutes(CallAs("officer", kCallTimeout).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.total_child_minutes(), total);
}

}  // namespace stem::integration
