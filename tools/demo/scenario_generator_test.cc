// The demo's scenario generator: deterministic for a seed, about 130 academies with valid
// KBO numbers, about 160 distinct municipalities valid in 2019, sessions wholly outside
// school hours, and requests the services accept (ages, session counts, helix roles).
#include "tools/demo/scenario_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "absl/time/time.h"
#include "libs/clock/date.h"
#include "libs/common/shared_data.h"
#include "libs/domain/child_minutes.h"
#include "libs/domain/kbo.h"
#include "tools/demo/reference_data.h"
#include "tools/demo/session_schedule.h"

namespace stem::demo {
namespace {

ScenarioPlan Generate(uint64_t seed) {
  auto inputs = LoadScenarioInputs("", seed);
  EXPECT_TRUE(inputs.ok()) << inputs.status();
  auto plan = GenerateScenario(*inputs);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return *plan;
}

std::string Counts(const std::map<int, int64_t>& counts) {
  std::ostringstream out;
  for (const auto& [age, participants] : counts) out << age << ":" << participants << ",";
  return out.str();
}

// Everything the loader sends, flattened: equal fingerprints, equal demos.
std::string Fingerprint(const ScenarioPlan& plan) {
  std::ostringstream out;
  for (const AcademyPlan& academy : plan.academies) {
    out << academy.kbo << academy.name << academy.contact_email << academy.ages.min_age()
        << academy.ages.max_age() << static_cast<int>(academy.wave)
        << static_cast<int>(academy.path);
    for (const std::string& code : academy.municipalities) out << code;
    for (int domain : academy.domains) out << domain;
    out << "\n";
  }
  for (const ActivityPlan& activity : plan.activities) {
    out << activity.key << activity.title << activity.municipality << activity.cancelled;
    for (const SessionPlan& session : activity.sessions) {
      out << clock::FormatDate(session.date) << session.start_minute << session.end_minute
          << session.cancelled << session.reported << Counts(session.attendance);
    }
    out << "\n";
  }
  for (const SubsidyApplicationPlan& application : plan.applications) {
    out << application.period_id << application.academy_kbo
        << application.requested_cents.value_or(-1) << application.withdrawn_on.has_value();
  }
  for (const DemandPlan& demand : plan.demand) out << demand.nis_code << demand.note;
  for (const PartnershipPlan& partnership : plan.partnerships) {
    out << partnership.lead_kbo << partnership.requested_cents
        << partnership.approved_cents.value_or(-1);
    for (const auto& partner : partnership.partners) out << partner.kbo() << partner.role();
  }
  return out.str();
}

TEST(ScenarioGeneratorTest, SameSeedSamePlanOtherSeedOtherPlan) {
  const std::string first = Fingerprint(Generate(kDefaultSeed));
  EXPECT_EQ(first, Fingerprint(Generate(kDefaultSeed)));
  EXPECT_NE(first, Fingerprint(Generate(kDefaultSeed + 1)));
}

TEST(ScenarioGeneratorTest, AboutOneHundredThirtyRecognisedAcademiesWithValidKboNumbers) {
  const ScenarioPlan plan = Generate(kDefaultSeed);
  std::set<std::string> kbos, names;
  int recognised = 0, rejected = 0, provisional_only = 0;
  for (const AcademyPlan& academy : plan.academies) {
    auto normalised = domain::NormalizeKbo(academy.kbo);
    ASSERT_TRUE(normalised.ok()) << academy.kbo << ": " << normalised.status();
    EXPECT_EQ(*normalised, academy.kbo);
    EXPECT_TRUE(kbos.insert(academy.kbo).second) << academy.kbo;
    EXPECT_TRUE(names.insert(academy.name).second) << academy.name;
    EXPECT_FALSE(academy.domains.empty());
    EXPECT_LE(academy.ages.min_age(), academy.ages.max_age());
    EXPECT_LE(academy.ages.min_age(), 18);
    EXPECT_GE(academy.ages.max_age(), 5);
    EXPECT_FALSE(academy.municipalities.empty());
    if (academy.path == RecognitionPath::kRejected) {
      ++rejected;
      EXPECT_FALSE(academy.rejection_codes.empty());
    } else {
      ++recognised;
    }
    if (academy.path == RecognitionPath::kProvisionalOnly) ++provisional_only;
  }
  EXPECT_GE(recognised, 125);
  EXPECT_LE(recognised, 135);
  EXPECT_GE(rejected, 1);
  EXPECT_LE(rejected, 10);
  EXPECT_GE(provisional_only, 1);
  EXPECT_LE(provisional_only, 10);
  int academy_partners = 0;
  for (const PartnershipPlan& partnership : plan.partnerships) {
    for (const auto& partner : partnership.partners) {
      EXPECT_TRUE(domain::NormalizeKbo(partner.kbo()).ok()) << partner.kbo();
      const bool academy = std::count(partnership.academy_partners.begin(),
                                      partnership.academy_partners.end(), partner.kbo()) != 0;
      // An academy partner is an academy of the story; every other partner has a number
      // of its own.
      EXPECT_NE(kbos.insert(partner.kbo()).second, academy) << "number " << partner.kbo();
      academy_partners += academy ? 1 : 0;
    }
  }
  EXPECT_EQ(academy_partners, 1);
}

TEST(ScenarioGeneratorTest, AboutOneHundredSixtyMunicipalitiesValidIn2019) {
  const ScenarioPlan plan = Generate(kDefaultSeed);
  auto registry = domain::MunicipalityRegistry::Load(DefaultSharedDataDir());
  ASSERT_TRUE(registry.ok()) << registry.status();
  std::set<std::string> reached_2019;
  for (const ActivityPlan& activity : plan.activities) {
    for (const SessionPlan& session : activity.sessions) {
      EXPECT_TRUE((*registry)->Validate(activity.municipality, session.date).ok())
          << activity.municipality << " on " << session.date;
    }
    if (!activity.cancelled && activity.first_day().year() == 2019) {
      reached_2019.insert(activity.municipality);
    }
  }
  EXPECT_GE(reached_2019.size(), 150u);
  EXPECT_LE(reached_2019.size(), 170u);
  for (const DemandPlan& demand : plan.demand) {
    EXPECT_TRUE((*registry)->Validate(demand.nis_code, absl::CivilDay(2020, 1, 1)).ok());
  }
}

TEST(ScenarioGeneratorTest, SessionsAreWhollyOutsideSchoolHoursAndActivitiesValid) {
  const ScenarioPlan plan = Generate(kDefaultSeed);
  const SchoolDays days(plan.calendars);
  int64_t sessions = 0, reports = 0;
  for (const ActivityPlan& activity : plan.activities) {
    ASSERT_FALSE(activity.sessions.empty()) << activity.key;
    EXPECT_LE(activity.sessions.size(), 200u);
    EXPECT_LE(activity.ages.min_age(), 18) << activity.key;
    EXPECT_GE(activity.ages.max_age(), 5) << activity.key;
    const AcademyPlan* academy = plan.FindAcademy(activity.academy_kbo);
    ASSERT_NE(academy, nullptr);
    EXPECT_NE(academy->path, RecognitionPath::kRejected);
    for (const SessionPlan& session : activity.sessions) {
      ++sessions;
      reports += session.reported ? 1 : 0;
      const int minutes = session.end_minute - session.start_minute;
      EXPECT_GT(minutes, 0);
      EXPECT_LE(minutes, 12 * 60);
      EXPECT_EQ(domain::MinutesOutsideSchoolHours(session.date,
                                                  {session.start_minute, session.end_minute},
                                                  days.IsSchoolDay(session.date)),
                minutes)
          << activity.key << " on " << session.date;
      EXPECT_GE(session.date, absl::CivilDay(2019, 1, 1));
      EXPECT_LE(session.date, absl::CivilDay(2020, 12, 31));
      for (const auto& [age, participants] : session.attendance) {
        EXPECT_GE(age, 0);
        EXPECT_LE(age, 99);
        EXPECT_GT(participants, 0);
      }
    }
  }
  // Attendance is one command per session: keep the demo in the low thousands of them.
  EXPECT_GT(sessions, 2000);
  EXPECT_LT(reports, 9000);
}

TEST(ScenarioGeneratorTest, PeriodsApplicationsAndPartnershipsFollowTheRulebook) {
  const ScenarioPlan plan = Generate(kDefaultSeed);
  ASSERT_EQ(plan.periods.size(), 3u);
  EXPECT_EQ(plan.periods[0].budget_cents + plan.periods[1].budget_cents, 50000000);
  for (const PeriodPlan& period : plan.periods) {
    EXPECT_EQ(period.minimum_grant_cents, 100000) << period.period_id;
    EXPECT_LT(period.window_opens_at, period.window_closes_at);
    EXPECT_LE(period.window_closes_at, period.reporting_deadline);
  }
  EXPECT_EQ(plan.periods[0].rule_id, "KINDUREN_2019");
  EXPECT_EQ(plan.periods[2].rule_id, "GEMEENTE_2020");

  std::set<std::pair<std::string, std::string>> applied;
  for (const SubsidyApplicationPlan& application : plan.applications) {
    EXPECT_TRUE(applied.insert({application.period_id, application.academy_kbo}).second);
    const AcademyPlan* academy = plan.FindAcademy(application.academy_kbo);
    ASSERT_NE(academy, nullptr);
    EXPECT_NE(academy->path, RecognitionPath::kRejected);
  }
  EXPECT_GT(applied.size(), 300u);

  int64_t approved = 0;
  for (const PartnershipPlan& partnership : plan.partnerships) {
    std::set<int> roles;
    for (const auto& partner : partnership.partners) roles.insert(partner.role());
    EXPECT_TRUE(roles.count(partnership::v1::HELIX_ROLE_LOCAL_GOVERNMENT));
    EXPECT_TRUE(roles.count(partnership::v1::HELIX_ROLE_COMPANY));
    EXPECT_TRUE(roles.count(partnership::v1::HELIX_ROLE_EDUCATION));
    EXPECT_LE(partnership.requested_cents, plan.call.max_per_project_cents);
    if (partnership.approved_cents) {
      EXPECT_LE(*partnership.approved_cents, partnership.requested_cents);
      approved += *partnership.approved_cents;
    }
  }
  EXPECT_GE(plan.partnerships.size(), 3u);
  EXPECT_LE(approved, plan.call.budget_cents);
}

}  // namespace
}  // namespace stem::demo
