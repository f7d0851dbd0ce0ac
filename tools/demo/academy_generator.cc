#include "tools/demo/academy_generator.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "stem/recognition/v1/events.pb.h"
#include "tools/demo/kbo_numbers.h"
#include "tools/demo/scenario_generator.h"

namespace stem::demo {
namespace {

using common::v1::StemDomain;

// The thirteen centre cities of Flanders, where more academies work.
struct CityQuota {
  const char* nis_code;
  int academies;
};
constexpr CityQuota kCentreCities[] = {{"11002", 5}, {"44021", 4}, {"24062", 3}, {"31005", 2},
                                       {"12025", 2}, {"71022", 2}, {"71016", 2}, {"34022", 2},
                                       {"35013", 2}, {"41002", 2}, {"46021", 2}, {"36015", 2},
                                       {"13040", 2}};

constexpr int kMaxMunicipalitiesPerAcademy = 3;
constexpr int kOverlapPercent = 25;

// Organisations' own numbers (vzw's, companies) lie in this range of first eight digits.
constexpr int64_t kOrganisationKboLow = 4000000;
constexpr int64_t kOrganisationKboHigh = 8999999;

const std::vector<std::string>& NamePrefixes() {
  static const auto* prefixes = new std::vector<std::string>{"STEM-academie",
                                                             "Techniekacademie",
                                                             "Wetenschapsclub",
                                                             "Codeklas",
                                                             "Robotlab",
                                                             "FabLab",
                                                             "Kidslab",
                                                             "Maakplaats",
                                                             "Jonge Uitvinders",
                                                             "Digidak",
                                                             "Ingenieurs van morgen",
                                                             "Wiskunde Plus",
                                                             "De Proefbuis",
                                                             "Bits en Bytes",
                                                             "Sterrenkijkers",
                                                             "Techniekwerkplaats"};
  return *prefixes;
}

const std::vector<std::pair<int, int>>& AgeRanges() {
  static const auto* ranges = new std::vector<std::pair<int, int>>{
      {6, 12}, {8, 14}, {10, 16}, {12, 18}, {6, 18}, {9, 14}, {5, 12}, {10, 14}};
  return *ranges;
}

std::string Slug(const std::string& text) {
  std::string slug;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      slug += absl::ascii_tolower(static_cast<unsigned char>(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::vector<StemDomain> DrawDomains(DemoRandom& random) {
  std::vector<StemDomain> all = {
      common::v1::STEM_DOMAIN_SCIENCE, common::v1::STEM_DOMAIN_TECHNOLOGY,
      common::v1::STEM_DOMAIN_ENGINEERING, common::v1::STEM_DOMAIN_MATHEMATICS,
      common::v1::STEM_DOMAIN_DIGITAL};
  random.Shuffle(all);
  all.resize(static_cast<size_t>(random.Uniform(1, 3)));
  std::sort(all.begin(), all.end());
  return all;
}

struct Draft {
  std::vector<std::string> municipalities;
  Wave wave = Wave::kFirstWave;
  RecognitionPath path = RecognitionPath::kRenewedFull;
};

// The active municipalities: the centre cities and a random choice of the others.
std::vector<std::string> ChooseActive(DemoRandom& random,
                                      const std::map<std::string, domain::Municipality>& by_code) {
  std::vector<std::string> active;
  for (const CityQuota& city : kCentreCities) {
    if (by_code.count(city.nis_code) > 0) active.push_back(city.nis_code);
  }
  std::vector<std::string> others;
  for (const auto& [code, municipality] : by_code) {
    if (std::find(active.begin(), active.end(), code) == active.end()) others.push_back(code);
  }
  random.Shuffle(others);
  for (const std::string& code : others) {
    if (static_cast<int>(active.size()) >= kActiveMunicipalities) break;
    active.push_back(code);
  }
  return active;
}

// Homes for the recognised academies, then every other active municipality joins the list
// of an academy nearby (same arrondissement, else same province, else anywhere).
std::vector<Draft> SpreadOver(DemoRandom& random, const std::vector<std::string>& active,
                              const std::map<std::string, domain::Municipality>& by_code,
                              int academies) {
  std::vector<Draft> drafts;
  std::vector<std::string> free_codes;
  for (const std::string& code : active) {
    const auto* quota = std::find_if(std::begin(kCentreCities), std::end(kCentreCities),
                                     [&](const CityQuota& city) { return code == city.nis_code; });
    if (quota == std::end(kCentreCities)) {
      free_codes.push_back(code);
      continue;
    }
    for (int i = 0; i < quota->academies && static_cast<int>(drafts.size()) < academies; ++i) {
      drafts.push_back({{code}});
    }
  }
  random.Shuffle(free_codes);
  std::vector<std::string> satellites;
  for (const std::string& code : free_codes) {
    if (static_cast<int>(drafts.size()) < academies) {
      drafts.push_back({{code}});
    } else {
      satellites.push_back(code);
    }
  }
  auto province = [&](const std::string& code) { return by_code.at(code).province; };
  for (const std::string& code : satellites) {
    std::vector<size_t> near, same_province, anywhere;
    for (size_t i = 0; i < drafts.size(); ++i) {
      if (static_cast<int>(drafts[i].municipalities.size()) >= kMaxMunicipalitiesPerAcademy) {
        continue;
      }
      const std::string& home = drafts[i].municipalities.front();
      if (ArrondissementOf(home) == ArrondissementOf(code)) near.push_back(i);
      if (province(home) == province(code)) same_province.push_back(i);
      anywhere.push_back(i);
    }
    const std::vector<size_t>& candidates =
        !near.empty() ? near : (!same_province.empty() ? same_province : anywhere);
    drafts[random.Pick(candidates)].municipalities.push_back(code);
  }
  // Some academies also work in a neighbouring active municipality that others serve too.
  for (Draft& draft : drafts) {
    if (static_cast<int>(draft.municipalities.size()) >= kMaxMunicipalitiesPerAcademy ||
        !random.Chance(kOverlapPercent)) {
      continue;
    }
    std::vector<std::string> neighbours;
    for (const std::string& code : active) {
      if (ArrondissementOf(code) == ArrondissementOf(draft.municipalities.front()) &&
          std::find(draft.municipalities.begin(), draft.municipalities.end(), code) ==
              draft.municipalities.end()) {
        neighbours.push_back(code);
      }
    }
    if (!neighbours.empty()) draft.municipalities.push_back(random.Pick(neighbours));
  }
  return drafts;
}

// Waves and paths: newcomers first (some stay provisional), then first-wave academies
// that let their recognition lapse, then the academies that renew.
void AssignPaths(DemoRandom& random, std::vector<Draft>& drafts) {
  std::vector<size_t> order(drafts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  random.Shuffle(order);
  size_t next = 0;
  for (int i = 0; i < kNewcomersRecognised; ++i, ++next) {
    drafts[order[next]].wave = Wave::kNewcomer;
    if (i < kNewcomersProvisionalOnly) {
      drafts[order[next]].path = RecognitionPath::kProvisionalOnly;
    }
  }
  for (int i = 0; i < kFirstWaveLapsing; ++i, ++next) {
    drafts[order[next]].path = RecognitionPath::kProvisionalOnly;
  }
}

void AddRejected(DemoRandom& random, std::vector<Draft>& drafts) {
  // Antwerpen, Gent and Leuven: many academies there, so a rejection leaves no gap.
  static const auto* const homes = new std::vector<std::string>{"11002", "44021", "24062"};
  for (int i = 0; i < kFirstWaveRejected + kNewcomersRejected; ++i) {
    Draft draft;
    draft.municipalities = {random.Pick(*homes)};
    draft.wave = i < kFirstWaveRejected ? Wave::kFirstWave : Wave::kNewcomer;
    draft.path = RecognitionPath::kRejected;
    drafts.push_back(draft);
  }
}

void Reject(AcademyPlan& academy, int which) {
  using recognition::v1::RejectionReason;
  switch (which % 3) {
    case 0:
      academy.rejection_codes = {RejectionReason::REJECTION_REASON_NOT_OUTSIDE_SCHOOL_HOURS};
      academy.rejection_reason =
          "De activiteiten vinden plaats tijdens de lesuren, als deel van het lesprogramma.";
      break;
    case 1:
      academy.rejection_codes = {RejectionReason::REJECTION_REASON_NO_TRAJECTORIES};
      academy.rejection_reason = "Enkel losse workshops, geen trajecten over meerdere sessies.";
      break;
    default:
      academy.rejection_codes = {RejectionReason::REJECTION_REASON_NOT_STEM,
                                 RejectionReason::REJECTION_REASON_INCOMPLETE};
      academy.rejection_reason =
          "Het aanbod is een algemene speelpleinwerking; STEM-doelen ontbreken.";
      break;
  }
}

}  // namespace

std::string ArrondissementOf(const std::string& nis_code) { return nis_code.substr(0, 2); }

absl::StatusOr<std::vector<AcademyPlan>> GenerateAcademies(
    DemoRandom& random, const std::vector<domain::Municipality>& municipalities,
    std::set<std::string>& taken_kbos) {
  std::map<std::string, domain::Municipality> by_code;
  for (const domain::Municipality& municipality : municipalities) {
    by_code[municipality.nis_code] = municipality;
  }
  if (static_cast<int>(by_code.size()) < kActiveMunicipalities) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "REFERENCE_DATA_INCOMPLETE",
                     absl::StrCat("the scenario needs ", kActiveMunicipalities,
                                  " municipalities, the reference data has ", by_code.size()));
  }
  const std::vector<std::string> active = ChooseActive(random, by_code);
  std::vector<Draft> drafts =
      SpreadOver(random, active, by_code, kFirstWaveRecognised + kNewcomersRecognised);
  AssignPaths(random, drafts);
  AddRejected(random, drafts);

  std::vector<AcademyPlan> academies;
  std::set<std::string> names;
  int rejected = 0;
  for (const Draft& draft : drafts) {
    AcademyPlan academy;
    academy.kbo = DrawKbo(random, kOrganisationKboLow, kOrganisationKboHigh, taken_kbos);
    const std::string& home = by_code.at(draft.municipalities.front()).name;
    do {
      academy.name = random.Pick(NamePrefixes()) + " " + home;
      if (names.count(academy.name) > 0) academy.name += absl::StrCat(" ", names.size() % 7 + 2);
    } while (names.count(academy.name) > 0);
    names.insert(academy.name);
    academy.contact_email = "info@" + Slug(academy.name) + ".be";
    academy.domains = DrawDomains(random);
    const auto& [min_age, max_age] = random.Pick(AgeRanges());
    academy.ages.set_min_age(min_age);
    academy.ages.set_max_age(max_age);
    academy.municipalities = draft.municipalities;
    academy.wave = draft.wave;
    academy.path = draft.path;
    if (academy.path == RecognitionPath::kRejected) Reject(academy, rejected++);
    academies.push_back(std::move(academy));
  }
  std::sort(academies.begin(), academies.end(),
            [](const AcademyPlan& a, const AcademyPlan& b) { return a.kbo < b.kbo; });
  return academies;
}

}  // namespace stem::demo
