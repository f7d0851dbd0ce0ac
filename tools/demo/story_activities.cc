// The routine of the story: academies register next month's activities mid-month, report
// last month's attendance (counts per age) on the first of the month, call off the odd
// session or activity, and correct a few reports a fortnight later.
#include <atomic>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/clock/date.h"
#include "tools/demo/batch_runner.h"
#include "tools/demo/story.h"

namespace stem::demo {
namespace {

using activity::v1::ActivityService;

std::string HoursMinutes(int minutes) {
  return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
}

activity::v1::RegisterActivityRequest RegistrationOf(const ActivityPlan& plan) {
  activity::v1::RegisterActivityRequest request;
  request.set_request_id("activity-" + plan.key);
  request.set_academy_kbo(plan.academy_kbo);
  request.set_title(plan.title);
  for (common::v1::StemDomain domain : plan.domains) request.add_domains(domain);
  request.set_municipality_nis_code(plan.municipality);
  *request.mutable_ages() = plan.ages;
  for (const SessionPlan& session : plan.sessions) {
    activity::v1::SessionSpec* spec = request.add_sessions();
    spec->set_date(clock::FormatDate(session.date));
    spec->set_start_time(HoursMinutes(session.start_minute));
    spec->set_end_time(HoursMinutes(session.end_minute));
  }
  return request;
}

activity::v1::ReportAttendanceRequest AttendanceOf(const std::string& request_id,
                                                   const std::string& activity_id,
                                                   const std::string& session_id,
                                                   const std::map<int, int64_t>& counts) {
  activity::v1::ReportAttendanceRequest request;
  request.set_request_id(request_id);
  request.set_activity_id(activity_id);
  request.set_session_id(session_id);
  for (const auto& [age, participants] : counts) {
    activity::v1::AgeCount* count = request.add_counts();
    count->set_age(age);
    count->set_participants(participants);
  }
  return request;
}

}  // namespace

absl::Status Story::RegisterActivitiesStartingIn(absl::CivilMonth month) {
  std::vector<size_t> starting;
  int64_t sessions = 0;
  for (size_t i = 0; i < plan_.activities.size(); ++i) {
    if (absl::CivilMonth(plan_.activities[i].first_day()) != month) continue;
    starting.push_back(i);
    sessions += static_cast<int64_t>(plan_.activities[i].sessions.size());
  }
  if (starting.empty()) return absl::OkStatus();
  std::vector<activity::v1::RegisterActivityResponse> responses(starting.size());
  absl::Status registered = RunBatch(options_.parallelism, starting.size(), [&](size_t i) {
    const ActivityPlan& activity = plan_.activities[starting[i]];
    return Invoke(client_, AcademyActor(activity.academy_kbo), "RegisterActivity", activity.key,
                  client_.activity(), &ActivityService::Stub::RegisterActivity,
                  RegistrationOf(activity), &responses[i]);
  });
  if (!registered.ok()) return registered;
  for (size_t i = 0; i < starting.size(); ++i) {
    activity_ids_[starting[i]] = responses[i].activity_id();
    session_ids_[starting[i]].assign(responses[i].session_ids().begin(),
                                     responses[i].session_ids().end());
  }
  Say(absl::StrCat("academies register ", starting.size(), " activities (", sessions,
                   " sessions) starting in ",
                   clock::FormatDate(absl::CivilDay(month)).substr(0, 7)));
  return absl::OkStatus();
}

absl::Status Story::ReportMonth(absl::CivilMonth month) {
  // Activities called off before their first session, early on the first of its month.
  std::vector<size_t> called_off;
  for (size_t i = 0; i < plan_.activities.size(); ++i) {
    const ActivityPlan& activity = plan_.activities[i];
    if (activity.cancelled && absl::CivilMonth(activity.first_day()) == month + 1) {
      called_off.push_back(i);
    }
  }
  absl::Status cancelled = RunBatch(options_.parallelism, called_off.size(), [&](size_t i) {
    const ActivityPlan& activity = plan_.activities[called_off[i]];
    activity::v1::CancelActivityRequest request;
    request.set_request_id("cancel-" + activity.key);
    request.set_activity_id(activity_ids_[called_off[i]]);
    request.set_reason("Te weinig inschrijvingen.");
    activity::v1::CancelActivityResponse response;
    return Invoke(client_, AcademyActor(activity.academy_kbo), "CancelActivity", activity.key,
                  client_.activity(), &ActivityService::Stub::CancelActivity, request, &response);
  });
  if (!cancelled.ok()) return cancelled;

  // One task per activity: its sessions of the month in order, one command each.
  std::vector<size_t> active;
  for (size_t i = 0; i < plan_.activities.size(); ++i) {
    const ActivityPlan& activity = plan_.activities[i];
    if (activity.cancelled) continue;
    for (const SessionPlan& session : activity.sessions) {
      if (absl::CivilMonth(session.date) == month) {
        active.push_back(i);
        break;
      }
    }
  }
  std::atomic<int> reported{0}, session_cancelled{0}, unreported{0};
  std::set<std::string> academies;
  for (size_t i : active) academies.insert(plan_.activities[i].academy_kbo);
  absl::Status done = RunBatch(options_.parallelism, active.size(), [&](size_t task) {
    const size_t index = active[task];
    const ActivityPlan& activity = plan_.activities[index];
    const Actor academy = AcademyActor(activity.academy_kbo);
    for (size_t s = 0; s < activity.sessions.size(); ++s) {
      const SessionPlan& session = activity.sessions[s];
      if (absl::CivilMonth(session.date) != month) continue;
      const std::string& session_id = session_ids_[index][s];
      const std::string subject = activity.key + " " + session_id;
      if (session.cancelled) {
        activity::v1::CancelSessionRequest request;
        request.set_request_id("cancel-" + activity.key + "-" + session_id);
        request.set_activity_id(activity_ids_[index]);
        request.set_session_id(session_id);
        request.set_reason("Afgelast: de begeleider was ziek.");
        activity::v1::CancelSessionResponse response;
        if (absl::Status status =
                Invoke(client_, academy, "CancelSession", subject, client_.activity(),
                       &ActivityService::Stub::CancelSession, request, &response);
            !status.ok()) {
          return status;
        }
        ++session_cancelled;
        continue;
      }
      if (!session.reported) {
        ++unreported;
        continue;
      }
      activity::v1::ReportAttendanceResponse response;
      if (absl::Status status = Invoke(
              client_, academy, "ReportAttendance", subject, client_.activity(),
              &ActivityService::Stub::ReportAttendance,
              AttendanceOf("attendance-" + activity.key + "-" + session_id, activity_ids_[index],
                           session_id, session.first_report.value_or(session.attendance)),
              &response);
          !status.ok()) {
        return status;
      }
      ++reported;
    }
    return absl::OkStatus();
  });
  if (!done.ok()) return done;
  std::string text =
      absl::StrCat("attendance of ", clock::FormatDate(absl::CivilDay(month)).substr(0, 7), ": ",
                   reported.load(), " sessions reported by ", academies.size(), " academies");
  if (session_cancelled > 0) absl::StrAppend(&text, ", ", session_cancelled.load(), " cancelled");
  if (unreported > 0) absl::StrAppend(&text, ", ", unreported.load(), " never reported");
  if (!called_off.empty()) {
    absl::StrAppend(&text, "; ", called_off.size(),
                    called_off.size() == 1 ? " activity" : " activities",
                    " of next month called off (too few sign-ups)");
  }
  if (reported > 0 || !called_off.empty()) Say(text);
  return absl::OkStatus();
}

absl::Status Story::CorrectMonth(absl::CivilMonth month) {
  // One task per activity, as for the reports: its corrections go one after the other.
  std::map<size_t, std::vector<size_t>> corrections;
  size_t count = 0;
  for (size_t i = 0; i < plan_.activities.size(); ++i) {
    const ActivityPlan& activity = plan_.activities[i];
    for (size_t s = 0; s < activity.sessions.size(); ++s) {
      const SessionPlan& session = activity.sessions[s];
      if (absl::CivilMonth(session.date) == month && session.first_report && session.reported &&
          !activity.cancelled) {
        corrections[i].push_back(s);
        ++count;
      }
    }
  }
  const std::vector<std::pair<size_t, std::vector<size_t>>> tasks(corrections.begin(),
                                                                  corrections.end());
  absl::Status corrected = RunBatch(options_.parallelism, tasks.size(), [&](size_t task) {
    const auto& [index, sessions] = tasks[task];
    const ActivityPlan& activity = plan_.activities[index];
    for (size_t s : sessions) {
      const std::string& session_id = session_ids_[index][s];
      activity::v1::ReportAttendanceResponse response;
      if (absl::Status status = Invoke(
              client_, AcademyActor(activity.academy_kbo), "ReportAttendance (correction)",
              activity.key + " " + session_id, client_.activity(),
              &ActivityService::Stub::ReportAttendance,
              AttendanceOf("attendance-corrected-" + activity.key + "-" + session_id,
                           activity_ids_[index], session_id, activity.sessions[s].attendance),
              &response);
          !status.ok()) {
        return status;
      }
    }
    return absl::OkStatus();
  });
  if (!corrected.ok()) return corrected;
  if (count > 0) {
    Say(absl::StrCat(count, count == 1 ? " attendance report" : " attendance reports", " of ",
                     clock::FormatDate(absl::CivilDay(month)).substr(0, 7),
                     " corrected (a new report replaces the earlier one)"));
  }
  return absl::OkStatus();
}

std::vector<std::string> Story::ActivityIdsOf(const std::string& kbo, absl::CivilDay before) const {
  std::vector<std::string> ids;
  for (size_t i = 0; i < plan_.activities.size(); ++i) {
    const ActivityPlan& activity = plan_.activities[i];
    if (activity.academy_kbo == kbo && activity.first_day() < before && !activity_ids_[i].empty()) {
      ids.push_back(activity_ids_[i]);
    }
  }
  return ids;
}

}  // namespace stem::demo
