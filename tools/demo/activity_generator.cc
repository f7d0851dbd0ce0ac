#include "tools/demo/activity_generator.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "tools/demo/story_dates.h"

namespace stem::demo {
namespace {

using common::v1::StemDomain;

// Half a year of activities: a subsidy period of 2019. Weekly series run in school weeks
// from `series_from`; camps in the holidays that start inside the half.
struct Half {
  int year = 0;
  absl::CivilDay from;
  absl::CivilDay series_from;
  absl::CivilDay to;
};

Half FirstHalf(int year) {
  const absl::CivilDay from = std::max(story::kFirstSessionDay, absl::CivilDay(year, 1, 6));
  return {year, from, from, absl::CivilDay(year, 6, 30)};
}
Half SecondHalf(int year) {
  // Series start after the summer holiday, camps run in it.
  return {year, absl::CivilDay(year, 7, 1), absl::CivilDay(year, 9, 2),
          absl::CivilDay(year, 12, 31)};
}

// A series is a trajectory over a term: eight to twelve weekly sessions, at least six when
// it starts late.
constexpr int kMinSeriesSessions = 8;
constexpr int kMaxSeriesSessions = 12;
constexpr int kFewestSeriesSessions = 6;
constexpr int kLatestSeriesStartDays = 56;
constexpr int kMinCampDays = 3;
constexpr int kMaxCampDays = 5;
constexpr int kCancelledSessionPermille = 10;
constexpr int kUnreportedSessionPermille = 15;
constexpr int kCorrectedSessionPermille = 8;
constexpr int kCancelledCampPercent = 2;
constexpr int kSpringExpansionPercent = 20;
constexpr int kYoungSiblingPercent = 10;
constexpr int kOlderHelperPercent = 10;

const std::map<StemDomain, std::vector<std::string>>& Titles() {
  static const auto* titles = new std::map<StemDomain, std::vector<std::string>>{
      {common::v1::STEM_DOMAIN_SCIENCE,
       {"Jonge onderzoekers", "Chemie in de keuken", "Sterrenkunde voor kinderen",
        "Water en klimaat onderzoeken", "Natuurlabo"}},
      {common::v1::STEM_DOMAIN_TECHNOLOGY,
       {"Robotica met LEGO", "Elektronica solderen", "3D-printen en ontwerpen", "Drones bouwen",
        "Techniek in huis"}},
      {common::v1::STEM_DOMAIN_ENGINEERING,
       {"Bruggen bouwen", "Raketten en luchtvaart", "Een elektrische kart bouwen",
        "Ingenieurs in de dop", "Knutselen met mechanica"}},
      {common::v1::STEM_DOMAIN_MATHEMATICS,
       {"Wiskunde-escaperoom", "Puzzelen met getallen", "Codes kraken", "Meetkunde in de stad",
        "Rekenen met de kansen"}},
      {common::v1::STEM_DOMAIN_DIGITAL,
       {"Programmeren met Scratch", "Codeerclub", "Apps maken", "Micro:bit-atelier",
        "Minecraft Education"}}};
  return *titles;
}

std::string CampName(const std::string& holiday_name) {
  static const auto* names =
      new std::map<std::string, std::string>{{"krokusvakantie", "Krokuskamp"},
                                             {"paasvakantie", "Paaskamp"},
                                             {"zomervakantie", "Zomerkamp"},
                                             {"herfstvakantie", "Herfstkamp"},
                                             {"kerstvakantie", "Kerstkamp"}};
  auto found = names->find(holiday_name);
  return found == names->end() ? "Vakantiekamp" : found->second;
}

// Children of one session, counted per age: ages drawn in the activity's range, now and
// then a younger sibling or an older helper (who do not count).
std::map<int, int64_t> DrawAttendance(DemoRandom& random, const common::v1::AgeRange& ages,
                                      int group) {
  std::map<int, int64_t> counts;
  const int children = std::max(3, group + static_cast<int>(random.Uniform(-3, 2)));
  for (int i = 0; i < children; ++i)
    ++counts[static_cast<int>(random.Uniform(ages.min_age(), ages.max_age()))];
  if (ages.min_age() <= 6 && random.Chance(kYoungSiblingPercent)) ++counts[4];
  if (ages.max_age() >= 16 && random.Chance(kOlderHelperPercent)) ++counts[19];
  return counts;
}

class ActivityMaker {
 public:
  ActivityMaker(DemoRandom& random, const SchoolDays& days) : random_(random), days_(days) {}

  void Series(const AcademyPlan& academy, const std::string& municipality, const Half& half,
              absl::CivilDay earliest) {
    static const SessionPattern kPatterns[] = {SessionPattern::kWednesdayAfternoon,
                                               SessionPattern::kSaturdayMorning,
                                               SessionPattern::kAfterSchool};
    const SessionPattern pattern = kPatterns[random_.Uniform(0, 2)];
    absl::Weekday weekday = absl::Weekday::wednesday;
    if (pattern == SessionPattern::kSaturdayMorning) weekday = absl::Weekday::saturday;
    if (pattern == SessionPattern::kAfterSchool) {
      static const absl::Weekday kAfterSchoolDays[] = {
          absl::Weekday::monday, absl::Weekday::tuesday, absl::Weekday::thursday,
          absl::Weekday::friday};
      weekday = kAfterSchoolDays[random_.Uniform(0, 3)];
    }
    const absl::CivilDay from = std::max(half.series_from, earliest);
    const int count = static_cast<int>(random_.Uniform(kMinSeriesSessions, kMaxSeriesSessions));
    std::vector<SessionTime> times = WeeklySeries(
        days_, pattern, weekday, from + random_.Uniform(0, kLatestSeriesStartDays), half.to, count);
    // A late start leaves too few weeks: start at the beginning of the term instead.
    if (static_cast<int>(times.size()) < kFewestSeriesSessions) {
      times = WeeklySeries(days_, pattern, weekday, from, half.to, count);
    }
    if (times.empty()) return;
    ActivityPlan activity = Start(academy, municipality, half.year);
    activity.title = random_.Pick(Titles().at(activity.domains.front()));
    Finish(std::move(activity), times, static_cast<int>(random_.Uniform(8, 16)), false);
  }

  void Camp(const AcademyPlan& academy, const std::string& municipality, const Half& half,
            absl::CivilDay earliest) {
    const std::vector<domain::DateRange> holidays =
        days_.HolidaysStartingIn(std::max(half.from, earliest), half.to);
    if (holidays.empty()) return;
    const domain::DateRange& holiday = random_.Pick(holidays);
    // Camps start on a Monday, in one of the holiday's weeks.
    const int weeks = static_cast<int>((holiday.last - holiday.first) / 7);
    absl::CivilDay from = holiday.first + 7 * random_.Uniform(0, std::max(0, weeks - 1));
    while (absl::GetWeekday(from) != absl::Weekday::monday) ++from;
    std::vector<SessionTime> times = HolidayCamp(
        days_, holiday, from, static_cast<int>(random_.Uniform(kMinCampDays, kMaxCampDays)));
    // Within the half: a Christmas camp stops at New Year's Eve.
    times.erase(std::remove_if(times.begin(), times.end(),
                               [&](const SessionTime& time) { return time.date > half.to; }),
                times.end());
    if (times.empty()) return;
    ActivityPlan activity = Start(academy, municipality, half.year);
    activity.title =
        CampName(holiday.name) + ": " + random_.Pick(Titles().at(activity.domains.front()));
    activity.cancelled = random_.Chance(kCancelledCampPercent);
    Finish(std::move(activity), times, static_cast<int>(random_.Uniform(12, 24)), true);
  }

  std::vector<ActivityPlan> Take() { return std::move(activities_); }

 private:
  ActivityPlan Start(const AcademyPlan& academy, const std::string& municipality, int year) {
    ActivityPlan activity;
    activity.key = absl::StrCat(academy.kbo, "-", year, "-", ++numbers_[academy.kbo]);
    activity.academy_kbo = academy.kbo;
    activity.municipality = municipality;
    std::vector<StemDomain> domains = academy.domains;
    random_.Shuffle(domains);
    domains.resize(static_cast<size_t>(
        random_.Uniform(1, std::min<int64_t>(2, static_cast<int64_t>(domains.size())))));
    activity.domains = domains;
    const int min_age = static_cast<int>(random_.Uniform(
        academy.ages.min_age(), std::max(academy.ages.min_age(), academy.ages.max_age() - 3)));
    activity.ages.set_min_age(min_age);
    activity.ages.set_max_age(
        std::min(academy.ages.max_age(), min_age + static_cast<int>(random_.Uniform(3, 6))));
    return activity;
  }

  void Finish(ActivityPlan activity, const std::vector<SessionTime>& times, int group, bool camp) {
    for (const SessionTime& time : times) {
      SessionPlan session;
      session.date = time.date;
      session.start_minute = time.start_minute;
      session.end_minute = time.end_minute;
      if (!activity.cancelled) {
        const int64_t fate = random_.Uniform(0, 999);
        if (fate < kCancelledSessionPermille && !camp) {
          session.cancelled = true;
        } else if (fate < kCancelledSessionPermille + kUnreportedSessionPermille) {
          session.reported = false;
        } else {
          session.attendance = DrawAttendance(random_, activity.ages, group);
          if (fate <
              kCancelledSessionPermille + kUnreportedSessionPermille + kCorrectedSessionPermille) {
            session.first_report = DrawAttendance(random_, activity.ages, group);
          }
        }
      }
      if (session.cancelled || !session.reported || activity.cancelled) session.attendance.clear();
      if (activity.cancelled) session.reported = false;
      activity.sessions.push_back(std::move(session));
    }
    activities_.push_back(std::move(activity));
  }

  DemoRandom& random_;
  const SchoolDays& days_;
  std::map<std::string, int> numbers_;
  std::vector<ActivityPlan> activities_;
};

void Plan2019(DemoRandom& random, ActivityMaker& maker, const AcademyPlan& academy) {
  const absl::CivilDay earliest =
      academy.wave == Wave::kNewcomer ? story::kNewcomersFirstSessionDay : story::kFirstSessionDay;
  const Half halves[] = {FirstHalf(2019), SecondHalf(2019)};
  // At home every term; in the other municipalities one term, mostly the autumn: the
  // academies grew into them during 2019 (122 of 300 municipalities were reached in the
  // first half of 2019, written question nr. 361).
  const std::string& home = academy.municipalities.front();
  maker.Series(academy, home, halves[0], earliest);
  maker.Series(academy, home, halves[1], earliest);
  for (size_t i = 1; i < academy.municipalities.size(); ++i) {
    maker.Series(academy, academy.municipalities[i],
                 halves[random.Chance(kSpringExpansionPercent) ? 0 : 1], earliest);
  }
  for (int64_t camps = random.Uniform(0, 2); camps > 0; --camps) {
    maker.Camp(academy, random.Pick(academy.municipalities), halves[random.Uniform(0, 1)],
               earliest);
  }
}

void Plan2020(DemoRandom& random, ActivityMaker& maker, const AcademyPlan& academy) {
  if (academy.wave == Wave::kFirstWave && academy.path == RecognitionPath::kProvisionalOnly) {
    return;  // its recognition lapsed in December 2019: it stopped
  }
  // A newcomer that will not renew runs its last series in the spring.
  const bool last_spring = academy.path == RecognitionPath::kProvisionalOnly;
  const Half halves[] = {FirstHalf(2020), SecondHalf(2020)};
  const absl::CivilDay earliest = halves[0].from;
  const std::string& home = academy.municipalities.front();
  maker.Series(academy, home, halves[0], earliest);
  if (!last_spring && random.Chance(50)) maker.Series(academy, home, halves[1], earliest);
  for (size_t i = 1; i < academy.municipalities.size(); ++i) {
    if (random.Chance(60)) {
      maker.Series(academy, academy.municipalities[i],
                   halves[last_spring ? 0 : random.Uniform(0, 1)], earliest);
    }
  }
  if (random.Chance(50)) {
    maker.Camp(academy, home, halves[last_spring ? 0 : random.Uniform(0, 1)], earliest);
  }
}

}  // namespace

std::vector<ActivityPlan> GenerateActivities(DemoRandom& random,
                                             const std::vector<AcademyPlan>& academies,
                                             const SchoolDays& days) {
  ActivityMaker maker(random, days);
  for (const AcademyPlan& academy : academies) {
    if (academy.path == RecognitionPath::kRejected) continue;
    Plan2019(random, maker, academy);
    Plan2020(random, maker, academy);
  }
  std::vector<ActivityPlan> activities = maker.Take();
  std::sort(activities.begin(), activities.end(), [](const ActivityPlan& a, const ActivityPlan& b) {
    if (a.first_day() != b.first_day()) return a.first_day() < b.first_day();
    return a.key < b.key;
  });
  return activities;
}

}  // namespace stem::demo
