#include "tools/demo/story.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/clock/clock.h"
#include "tools/demo/story_dates.h"

namespace stem::demo {
namespace {

// Routine work happens at fixed local times: activities are registered mid-month for the
// next month (and last month's reports corrected), attendance is reported on the first
// of the month for the month before, early, before that day's sessions.
constexpr int kMidMonthDay = 15;
constexpr int kRoutineRegisterHour = 10;
constexpr int kRoutineReportHour = 7;
// Chapters happen at office hours.
constexpr int kOfficeHour = 10;

absl::CivilDay Day(absl::CivilMonth month, int day) {
  return absl::CivilDay(month.year(), month.month(), day);
}

}  // namespace

Story::Story(const ScenarioPlan& plan, DemoClient& client,
             const domain::MunicipalityRegistry& municipalities, StoryOptions options)
    : plan_(plan),
      client_(client),
      municipalities_(municipalities),
      options_(options),
      activity_ids_(plan.activities.size()),
      session_ids_(plan.activities.size()) {}

void Story::Say(const std::string& text) {
  std::fprintf(options_.out, "[%s] %s\n", Today().c_str(), text.c_str());
  std::fflush(options_.out);
}

std::string Story::Today() const { return clock::FormatDate(clock::LocalDate(now_)); }

absl::Status Story::CheckClockStart() {
  clock::v1::GetTimeRequest request;
  clock::v1::GetTimeResponse response;
  if (absl::Status got =
          Invoke(client_, Operator(), "GetTime", "the suite's clock", client_.clock(),
                 &clock::v1::ClockService::Stub::GetTime, request, &response);
      !got.ok()) {
    return got;
  }
  const absl::Time server_now =
      absl::FromUnixSeconds(response.now().seconds()) + absl::Nanoseconds(response.now().nanos());
  if (response.mode() != clock::v1::CLOCK_MODE_MANUAL || server_now > story::ClockStart()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the story starts at ", absl::FormatTime(story::ClockStart(), absl::UTCTimeZone()),
        ": start stem-allinone on an empty --data_dir with --clock_start=",
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", story::ClockStart(), absl::UTCTimeZone())));
  }
  now_ = server_now;
  return MoveClockTo(story::ClockStart());
}

absl::Status Story::MoveClockTo(absl::Time instant) {
  if (instant <= now_) return absl::OkStatus();
  clock::v1::AdvanceClockRequest request;
  request.mutable_to()->set_seconds(absl::ToUnixSeconds(instant));
  clock::v1::AdvanceClockResponse response;
  for (const auto& clock : client_.clocks()) {
    if (absl::Status moved = Invoke(
            client_, Operator(), "AdvanceClock", absl::FormatTime(instant, absl::UTCTimeZone()),
            *clock, &clock::v1::ClockService::Stub::AdvanceClock, request, &response);
        !moved.ok()) {
      return moved;
    }
  }
  now_ = instant;
  return absl::OkStatus();
}

void Story::AddRoutine(std::vector<Step>& steps) {
  const absl::CivilMonth first(story::kClockStartDay);
  const absl::CivilMonth last(story::kLastSessionDay);
  for (absl::CivilMonth month = first; month <= last + 1; ++month) {
    if (month > first) {
      steps.push_back({story::Local(Day(month, 1), kRoutineReportHour),
                       [this, month] { return ReportMonth(month - 1); }});
    }
    steps.push_back(
        {story::Local(Day(month, kMidMonthDay), kRoutineRegisterHour), [this, month, first] {
           if (month > first) {
             if (absl::Status corrected = CorrectMonth(month - 1); !corrected.ok()) {
               return corrected;
             }
           }
           return RegisterActivitiesStartingIn(month + 1);
         }});
  }
}

void Story::AddChapters(std::vector<Step>& steps) {
  using partnership::v1::REPORT_KIND_FINAL;
  using partnership::v1::REPORT_KIND_INTERIM;
  auto at = [](absl::CivilDay day, int hour = kOfficeHour) { return story::Local(day, hour); };
  const PeriodPlan& first = plan_.periods.at(0);
  const PeriodPlan& second = plan_.periods.at(1);
  const PeriodPlan& third = plan_.periods.at(2);
  steps.push_back({at(story::kCalendar2018Published, 9), [this] { return PublishCalendar(2018); }});
  steps.push_back(
      {at(story::kClockStartDay, 9), [this] { return ApplyForRecognition(Wave::kFirstWave); }});
  steps.push_back(
      {at(story::kFirstWaveDecided), [this] { return DecideRecognition(Wave::kFirstWave); }});
  steps.push_back({at(first.opened_on), [this, &first] { return OpenPeriod(first); }});
  steps.push_back(
      {at(story::kNewcomersApply), [this] { return ApplyForRecognition(Wave::kNewcomer); }});
  steps.push_back(
      {at(story::kNewcomersDecided), [this] { return DecideRecognition(Wave::kNewcomer); }});
  steps.push_back({at(story::kCallOpened), [this] { return OpenCall(); }});
  steps.push_back({at(story::kPartnershipsApplied), [this] { return ApplyForPartnerships(); }});
  steps.push_back({at(second.opened_on), [this, &second] { return OpenPeriod(second); }});
  steps.push_back({at(story::kCalendar2019Published), [this] { return PublishCalendar(2019); }});
  steps.push_back({at(first.allocated_on), [this, &first] { return Allocate(first); }});
  steps.push_back({at(story::kPartnershipsDecided), [this] { return DecidePartnerships(); }});
  steps.push_back({at(story::kExpiringListed), [this] { return ListExpiring(90); }});
  steps.push_back(
      {at(story::kFirstWaveRenews), [this] { return ApplyForRenewal(Wave::kFirstWave); }});
  steps.push_back(
      {at(story::kFirstWaveRenewed), [this] { return GrantRenewals(Wave::kFirstWave); }});
  steps.push_back({at(third.opened_on), [this, &third] { return OpenPeriod(third); }});
  steps.push_back({at(second.allocated_on), [this, &second] { return Allocate(second); }});
  steps.push_back(
      {at(story::kNewcomersRenew), [this] { return ApplyForRenewal(Wave::kNewcomer); }});
  steps.push_back(
      {at(story::kNewcomersRenewed), [this] { return GrantRenewals(Wave::kNewcomer); }});
  steps.push_back({at(story::kCalendar2020Published), [this] { return PublishCalendar(2020); }});
  steps.push_back(
      {at(story::kInterimSubmitted), [this] { return SubmitReports(REPORT_KIND_INTERIM, false); }});
  steps.push_back(
      {at(story::kInterimDecided), [this] { return DecideReports(REPORT_KIND_INTERIM, false); }});
  steps.push_back({at(story::kOverdueListed), [this] { return ListOverdue(); }});
  steps.push_back({at(story::kInterimResubmitted),
                   [this] { return SubmitReports(REPORT_KIND_INTERIM, true); }});
  steps.push_back(
      {at(story::kInterimReapproved), [this] { return DecideReports(REPORT_KIND_INTERIM, true); }});
  steps.push_back({at(third.allocated_on), [this, &third] { return Allocate(third); }});
  steps.push_back(
      {at(story::kFinalSubmitted), [this] { return SubmitReports(REPORT_KIND_FINAL, false); }});
  steps.push_back(
      {at(story::kFinalDecided), [this] { return DecideReports(REPORT_KIND_FINAL, false); }});
  steps.push_back({at(story::kStoryEnd), [this] { return PrintPaymentsAndBudgets(); }});

  // Applications, withdrawals and demand happen on the days the plan names.
  std::set<absl::CivilDay> application_days, withdrawal_days, demand_days, demand_withdrawals;
  for (const SubsidyApplicationPlan& application : plan_.applications) {
    application_days.insert(application.submitted_on);
    if (application.withdrawn_on) withdrawal_days.insert(*application.withdrawn_on);
  }
  for (const DemandPlan& demand : plan_.demand) {
    demand_days.insert(demand.registered_on);
    if (demand.updated_on) demand_days.insert(*demand.updated_on);
    if (demand.withdrawn_on) demand_withdrawals.insert(*demand.withdrawn_on);
  }
  for (absl::CivilDay day : application_days) {
    steps.push_back({at(day, kOfficeHour + 1), [this, day] { return ApplyForSubsidy(day); }});
  }
  for (absl::CivilDay day : withdrawal_days) {
    steps.push_back({at(day, kOfficeHour + 1), [this, day] { return WithdrawApplications(day); }});
  }
  for (absl::CivilDay day : demand_days) {
    steps.push_back({at(day, kOfficeHour + 1), [this, day] { return RegisterDemand(day); }});
  }
  for (absl::CivilDay day : demand_withdrawals) {
    steps.push_back({at(day, kOfficeHour + 2), [this, day] { return WithdrawDemand(day); }});
  }
}

std::vector<Story::Step> Story::Timeline() {
  std::vector<Step> steps;
  AddChapters(steps);
  AddRoutine(steps);
  // Same instant: in the order added (stable), chapters before routine work.
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at; });
  return steps;
}

absl::Status Story::Run() {
  if (absl::Status started = CheckClockStart(); !started.ok()) return started;
  for (const Step& step : Timeline()) {
    if (absl::Status moved = MoveClockTo(step.at); !moved.ok()) return moved;
    if (absl::Status done = step.run(); !done.ok()) return done;
  }
  return PrintEventCounts();
}

absl::Status Story::PrintEventCounts() {
  ops::v1::GetProjectionStatesRequest request;
  ops::v1::GetProjectionStatesResponse response;
  if (absl::Status got =
          Invoke(client_, Auditor(), "GetProjectionStates", "subsidy", client_.projections(),
                 &ops::v1::ProjectionService::Stub::GetProjectionStates, request, &response);
      !got.ok()) {
    return got;
  }
  for (const ops::v1::ProjectionState& projection : response.projections()) {
    if (projection.name() != "subsidy") continue;
    std::map<std::string, int64_t> per_topic;
    int64_t total = 0;
    for (const common::v1::LogPosition& position : projection.positions()) {
      per_topic[position.topic()] += position.offset();
      total += position.offset();
    }
    std::string text = absl::StrCat("events in the log: ", total, " (");
    for (const auto& [topic, count] : per_topic) {
      absl::StrAppend(&text, topic == per_topic.begin()->first ? "" : ", ", topic, " ", count);
    }
    Say(text + ")");
  }
  return absl::OkStatus();
}

}  // namespace stem::demo
