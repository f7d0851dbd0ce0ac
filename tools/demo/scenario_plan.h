// The demo's scenario as plain data: who the academies are, what they run where and when,
// who attended, the subsidy periods, the municipalities' demand and the partnerships. The
// generator (scenario_generator.h) makes it from a seed and the reference data; the loader
// (story.h) plays it through the public gRPC API.
#ifndef STEM_TOOLS_DEMO_SCENARIO_PLAN_H_
#define STEM_TOOLS_DEMO_SCENARIO_PLAN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/domain/school_calendar.h"
#include "stem/common/v1/types.pb.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::demo {

// When an academy asks for its first recognition.
enum class Wave {
  kFirstWave,  // when the story starts (December 2018)
  kNewcomer,   // in spring 2019
};

// How the officer treats an academy over the story.
enum class RecognitionPath {
  kRenewedFull,      // provisional, then renewed with a full recognition before it ends
  kProvisionalOnly,  // provisional, not renewed: the recognition lapses after a year
  kRejected,         // the first application is rejected
};

struct AcademyPlan {
  std::string kbo;
  std::string name;
  std::string contact_email;
  std::vector<common::v1::StemDomain> domains;
  common::v1::AgeRange ages;
  // Where it works, the home municipality first; NIS codes valid in 2019.
  std::vector<std::string> municipalities;
  Wave wave = Wave::kFirstWave;
  RecognitionPath path = RecognitionPath::kRenewedFull;
  // For kRejected: the officer's reason codes (as RejectionReason numbers) and words.
  std::vector<int> rejection_codes;
  std::string rejection_reason;
};

struct SessionPlan {
  absl::CivilDay date;
  // Minutes after local midnight, [start, end).
  int start_minute = 0;
  int end_minute = 0;
  // Participants per age in whole years; empty with `reported` false: nobody reported.
  std::map<int, int64_t> attendance;
  bool reported = true;
  // A first report with other counts, replaced by `attendance` a month later.
  std::optional<std::map<int, int64_t>> first_report;
  // Called off (weather, illness): cancelled, never reported.
  bool cancelled = false;
};

struct ActivityPlan {
  // Unique within the plan; the loader derives the request id from it.
  std::string key;
  std::string academy_kbo;
  std::string title;
  std::vector<common::v1::StemDomain> domains;
  std::string municipality;
  common::v1::AgeRange ages;
  std::vector<SessionPlan> sessions;  // by date
  // The whole activity is called off before it starts (too few sign-ups).
  bool cancelled = false;

  absl::CivilDay first_day() const { return sessions.front().date; }
};

// A seed-level subsidy period as an officer opens it (subsidy OpenPeriodRequest).
struct PeriodPlan {
  std::string period_id;
  std::string title;
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  absl::Time window_opens_at;
  absl::Time window_closes_at;
  absl::Time reporting_deadline;
  int64_t budget_cents = 0;
  std::string rule_id;
  std::map<std::string, std::string> rule_parameters;
  int64_t minimum_grant_cents = 0;
  int64_t academy_cap_cents = 0;
  // When the officer opens it, when the academies apply, when it is allocated.
  absl::CivilDay opened_on;
  absl::CivilDay allocated_on;
};

// An academy's application for a period's subsidy.
struct SubsidyApplicationPlan {
  std::string period_id;
  std::string academy_kbo;
  absl::CivilDay submitted_on;
  std::optional<int64_t> requested_cents;
  // Withdrawn on this day (then it gets no decision).
  std::optional<absl::CivilDay> withdrawn_on;
};

// A municipality's demand for a period, registered by the municipality itself.
struct DemandPlan {
  std::string period_id;
  std::string nis_code;
  absl::CivilDay registered_on;
  common::v1::AgeRange ages;
  std::vector<common::v1::StemDomain> domains;
  std::string note;
  // A later registration that replaces this one (the latest counts).
  std::optional<absl::CivilDay> updated_on;
  std::string updated_note;
  std::optional<absl::CivilDay> withdrawn_on;
};

struct CallPlan {
  std::string call_id;
  std::string title;
  int64_t budget_cents = 0;
  int64_t max_per_project_cents = 0;
  int32_t duration_months = 0;
  int32_t latest_start_months = 0;
  int32_t interim_due_months = 0;
  int32_t final_due_months_after_end = 0;
};

struct PartnershipPlan {
  std::string key;
  std::string lead_kbo;
  std::string title;
  std::string description;
  std::vector<partnership::v1::Partner> partners;
  // The partners that are themselves recognised academies: each confirms its participation
  // before the officer decides (rulebook section 6).
  std::vector<std::string> academy_partners;
  std::vector<std::string> region;
  int64_t requested_cents = 0;
  // Approved with this amount (<= requested); nullopt: rejected with `rejection_reason`.
  std::optional<int64_t> approved_cents;
  std::string rejection_reason;
  // The interim report is first rejected, then resubmitted and approved late.
  bool interim_rejected_first = false;
  // Reported by the lead: the municipalities with a trajectory, children reached.
  std::vector<std::string> trajectories;
  int64_t children_interim = 0;
  int64_t children_final = 0;
};

struct ScenarioPlan {
  uint64_t seed = 0;
  std::vector<AcademyPlan> academies;    // by KBO number
  std::vector<ActivityPlan> activities;  // by first session, then key
  std::vector<PeriodPlan> periods;       // in the order they are opened
  std::vector<SubsidyApplicationPlan> applications;
  std::vector<DemandPlan> demand;
  CallPlan call;
  std::vector<PartnershipPlan> partnerships;
  // Published by an officer, from the reference data.
  std::vector<domain::SchoolYearCalendar> calendars;

  const AcademyPlan* FindAcademy(const std::string& kbo) const;
};

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_SCENARIO_PLAN_H_
