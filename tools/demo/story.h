// Plays a ScenarioPlan through the public gRPC API of a running stem-allinone, moving the
// suite's clock from December 2018 to November 2021 as the story goes: recognitions,
// school calendars, activities and attendance month by month, the subsidy periods with
// their applications, demand and allocations, and the STEM-partnerships with their reports
// and tranches. Prints what happens as it happens, and the reports after each allocation.
#ifndef STEM_TOOLS_DEMO_STORY_H_
#define STEM_TOOLS_DEMO_STORY_H_

#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/domain/municipalities.h"
#include "tools/demo/demo_client.h"
#include "tools/demo/scenario_plan.h"

namespace stem::demo {

struct StoryOptions {
  // Commands in flight at once in a batch (each on its own aggregate).
  int parallelism = 4;
  std::FILE* out = stdout;
};

class Story {
 public:
  Story(const ScenarioPlan& plan, DemoClient& client,
        const domain::MunicipalityRegistry& municipalities, StoryOptions options);

  // The whole story, in date order. The first command the story expects to succeed and the
  // suite refuses ends it with that refusal (see Expect in demo_client.h).
  absl::Status Run();

 private:
  struct Step {
    absl::Time at;
    std::function<absl::Status()> run;
  };

  std::vector<Step> Timeline();
  void AddChapters(std::vector<Step>& steps);
  void AddRoutine(std::vector<Step>& steps);
  absl::Status CheckClockStart();
  absl::Status MoveClockTo(absl::Time instant);
  void Say(const std::string& text);
  std::string Today() const;

  // story_recognition.cc
  absl::Status PublishCalendar(int start_year);
  absl::Status ApplyForRecognition(Wave wave);
  absl::Status DecideRecognition(Wave wave);
  absl::Status ListExpiring(int within_days);
  absl::Status ApplyForRenewal(Wave wave);
  absl::Status GrantRenewals(Wave wave);

  // story_activities.cc
  absl::Status RegisterActivitiesStartingIn(absl::CivilMonth month);
  absl::Status ReportMonth(absl::CivilMonth month);
  absl::Status CorrectMonth(absl::CivilMonth month);
  std::vector<std::string> ActivityIdsOf(const std::string& kbo, absl::CivilDay before) const;

  // story_subsidy.cc
  absl::Status OpenPeriod(const PeriodPlan& period);
  absl::Status ApplyForSubsidy(absl::CivilDay day);
  absl::Status WithdrawApplications(absl::CivilDay day);
  absl::Status RegisterDemand(absl::CivilDay day);
  absl::Status WithdrawDemand(absl::CivilDay day);
  absl::Status Allocate(const PeriodPlan& period);

  // story_partnerships.cc
  absl::Status OpenCall();
  absl::Status ApplyForPartnerships();
  absl::Status DecidePartnerships();
  absl::Status SubmitReports(partnership::v1::ReportKind kind, bool resubmission);
  absl::Status DecideReports(partnership::v1::ReportKind kind, bool resubmission);
  absl::Status ListOverdue();
  // Until the subsidy service has ordered `count` tranches for the partnership: it does so
  // on its own from the approval in the log, and the story waits so that each tranche is
  // ordered on its approval's day. Returns the payments.
  absl::StatusOr<subsidy::v1::Payments> AwaitTranches(const PartnershipPlan& plan, int count);
  absl::Status PrintPaymentsAndBudgets();

  // The events in the log, per topic, as the subsidy projection (which reads all four
  // topics) has applied them.
  absl::Status PrintEventCounts();

  const ScenarioPlan& plan_;
  DemoClient& client_;
  const domain::MunicipalityRegistry& municipalities_;
  const StoryOptions options_;
  absl::Time now_;

  // Filled as the story goes, by plan index or key.
  std::map<std::string, std::string> pending_application_;  // kbo -> recognition application
  std::map<std::string, int64_t> academy_version_;          // kbo -> academy version
  std::vector<std::string> activity_ids_;                   // by plan.activities index
  std::vector<std::vector<std::string>> session_ids_;       // by plan.activities index
  std::map<std::string, std::string> partnership_ids_;      // plan key -> partnership id
  std::map<std::string, std::string> report_ids_;           // plan key -> last report id
};

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_STORY_H_
