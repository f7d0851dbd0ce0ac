#include "tools/demo/funding_generator.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "tools/demo/academy_generator.h"
#include "tools/demo/kbo_numbers.h"
#include "tools/demo/story_dates.h"

namespace stem::demo {
namespace {

using common::v1::StemDomain;
using partnership::v1::HelixRole;

constexpr int64_t kEuro = 100;
constexpr int64_t kPeriodBudget2019 = 250000 * kEuro;
constexpr int64_t kPeriodBudget2020 = 500000 * kEuro;
constexpr int64_t kMinimumGrant = 1000 * kEuro;

constexpr int kSkippingAcademies = 3;
constexpr int kRequestedAmountPercent = 4;
constexpr int kDemandWithAcademy = 30;
constexpr int kDemandWithoutAcademy = 10;
constexpr int kDemandUpdates = 3;
constexpr int kPartnerships = 5;

// Local governments' own KBO numbers start 0207 (the municipalities' range); organisations
// (companies, schools, youth work) lie in 04-08.
constexpr int64_t kLocalGovernmentKboLow = 2070000;
constexpr int64_t kLocalGovernmentKboHigh = 2079999;
constexpr int64_t kOrganisationKboLow = 4000000;
constexpr int64_t kOrganisationKboHigh = 8999999;

std::optional<int64_t> MaybeRequested(DemoRandom& random) {
  if (!random.Chance(kRequestedAmountPercent)) return std::nullopt;
  return random.Uniform(15, 40) * 100 * kEuro;  // EUR 1,500-4,000 in hundreds
}

// `count` distinct indices of `size`, drawn.
std::set<size_t> DrawIndices(DemoRandom& random, size_t size, int count) {
  std::set<size_t> chosen;
  while (static_cast<int>(chosen.size()) < std::min<int>(count, static_cast<int>(size))) {
    chosen.insert(static_cast<size_t>(random.Uniform(0, static_cast<int64_t>(size) - 1)));
  }
  return chosen;
}

void AddApplications(DemoRandom& random, const std::string& period_id,
                     const std::vector<const AcademyPlan*>& applicants,
                     std::vector<SubsidyApplicationPlan>& applications) {
  const std::set<size_t> skipping = DrawIndices(random, applicants.size(), kSkippingAcademies);
  for (size_t i = 0; i < applicants.size(); ++i) {
    if (skipping.count(i) > 0) continue;
    const AcademyPlan& academy = *applicants[i];
    SubsidyApplicationPlan application;
    application.period_id = period_id;
    application.academy_kbo = academy.kbo;
    application.requested_cents = MaybeRequested(random);
    if (period_id == "2019-1") {
      application.submitted_on = academy.wave == Wave::kNewcomer
                                     ? story::kPeriod2019FirstNewcomersApplied
                                     : story::kPeriod2019FirstApplied;
    } else if (period_id == "2019-2") {
      application.submitted_on = story::kPeriod2019SecondApplied;
    } else {
      application.submitted_on = story::kPeriod2020Applied;
    }
    applications.push_back(std::move(application));
  }
}

const std::vector<std::string>& DemandNotes() {
  static const auto* notes = new std::vector<std::string>{
      "Vraag naar programmeerlessen voor kinderen in de bibliotheek.",
      "Graag een techniekatelier op woensdagnamiddag in het jeugdhuis.",
      "Meisjes bereiken met STEM: aanbod na school gewenst.",
      "Kampen in de zomervakantie rond wetenschap en natuur.",
      "Aanbod in de deelgemeenten, niet enkel in het centrum.",
      "Robotica en digitale vaardigheden voor 10- tot 14-jarigen."};
  return *notes;
}

std::vector<StemDomain> DrawDemandDomains(DemoRandom& random) {
  std::vector<StemDomain> domains = {
      common::v1::STEM_DOMAIN_SCIENCE, common::v1::STEM_DOMAIN_TECHNOLOGY,
      common::v1::STEM_DOMAIN_ENGINEERING, common::v1::STEM_DOMAIN_MATHEMATICS,
      common::v1::STEM_DOMAIN_DIGITAL};
  random.Shuffle(domains);
  domains.resize(static_cast<size_t>(random.Uniform(1, 2)));
  std::sort(domains.begin(), domains.end());
  return domains;
}

partnership::v1::Partner MakePartner(const std::string& kbo, HelixRole role) {
  partnership::v1::Partner partner;
  partner.set_kbo(kbo);
  partner.set_role(role);
  return partner;
}

}  // namespace

std::vector<PeriodPlan> PlanPeriods() {
  PeriodPlan first;
  first.period_id = "2019-1";
  first.title = "Zaainiveau 2019, periode 1 (1 januari - 30 juni 2019)";
  first.first_day = absl::CivilDay(2019, 1, 1);
  first.last_day = absl::CivilDay(2019, 6, 30);
  first.window_opens_at = story::Local(absl::CivilDay(2019, 1, 14), 0);
  first.window_closes_at = story::Local(absl::CivilDay(2019, 6, 1), 0);
  first.reporting_deadline = story::Local(absl::CivilDay(2019, 8, 1), 0);
  first.budget_cents = kPeriodBudget2019;
  first.rule_id = "KINDUREN_2019";
  first.minimum_grant_cents = kMinimumGrant;
  first.opened_on = story::kPeriod2019FirstOpened;
  first.allocated_on = story::kPeriod2019FirstAllocated;

  PeriodPlan second = first;
  second.period_id = "2019-2";
  second.title = "Zaainiveau 2019, periode 2 (1 juli - 31 december 2019)";
  second.first_day = absl::CivilDay(2019, 7, 1);
  second.last_day = absl::CivilDay(2019, 12, 31);
  second.window_opens_at = story::Local(absl::CivilDay(2019, 7, 1), 0);
  second.window_closes_at = story::Local(absl::CivilDay(2019, 12, 1), 0);
  second.reporting_deadline = story::Local(absl::CivilDay(2020, 2, 1), 0);
  second.opened_on = story::kPeriod2019SecondOpened;
  second.allocated_on = story::kPeriod2019SecondAllocated;

  PeriodPlan third;
  third.period_id = "2020";
  third.title = "Zaainiveau 2020: trajecten per gemeente";
  third.first_day = absl::CivilDay(2020, 1, 1);
  third.last_day = absl::CivilDay(2020, 12, 31);
  third.window_opens_at = story::Local(absl::CivilDay(2020, 1, 6), 0);
  third.window_closes_at = story::Local(absl::CivilDay(2020, 4, 1), 0);
  third.reporting_deadline = story::Local(absl::CivilDay(2021, 2, 1), 0);
  third.budget_cents = kPeriodBudget2020;
  third.rule_id = "GEMEENTE_2020";
  third.rule_parameters = {{"amount_per_municipality_cents", absl::StrCat(2000 * kEuro)},
                           {"demand_bonus_permille", "500"},
                           {"minimum_sessions", "4"}};
  third.minimum_grant_cents = kMinimumGrant;
  third.opened_on = story::kPeriod2020Opened;
  third.allocated_on = story::kPeriod2020Allocated;
  return {first, second, third};
}

std::vector<SubsidyApplicationPlan> PlanApplications(
    DemoRandom& random, const std::vector<AcademyPlan>& academies,
    const std::vector<PartnershipPlan>& partnerships) {
  std::set<std::string> running_projects;
  for (const PartnershipPlan& partnership : partnerships) {
    if (partnership.approved_cents) running_projects.insert(partnership.lead_kbo);
  }
  std::vector<const AcademyPlan*> recognised_2019, recognised_2020;
  for (const AcademyPlan& academy : academies) {
    if (academy.path == RecognitionPath::kRejected) continue;
    recognised_2019.push_back(&academy);
    const bool lapsed =
        academy.wave == Wave::kFirstWave && academy.path == RecognitionPath::kProvisionalOnly;
    // Their sessions count nothing while their project runs: no double funding.
    if (!lapsed && running_projects.count(academy.kbo) == 0) recognised_2020.push_back(&academy);
  }
  std::vector<SubsidyApplicationPlan> applications;
  AddApplications(random, "2019-1", recognised_2019, applications);
  const size_t second_begins = applications.size();
  AddApplications(random, "2019-2", recognised_2019, applications);
  applications[second_begins +
               static_cast<size_t>(random.Uniform(
                   0, static_cast<int64_t>(applications.size() - second_begins) - 1))]
      .withdrawn_on = story::kPeriod2019SecondWithdrawn;
  AddApplications(random, "2020", recognised_2020, applications);
  return applications;
}

std::vector<DemandPlan> PlanDemand(DemoRandom& random, const std::vector<AcademyPlan>& academies,
                                   const std::vector<domain::Municipality>& municipalities) {
  std::set<std::string> served;
  for (const AcademyPlan& academy : academies) {
    if (academy.path == RecognitionPath::kRejected) continue;
    served.insert(academy.municipalities.begin(), academy.municipalities.end());
  }
  std::vector<std::string> with(served.begin(), served.end()), without;
  for (const domain::Municipality& municipality : municipalities) {
    if (served.count(municipality.nis_code) == 0) without.push_back(municipality.nis_code);
  }
  random.Shuffle(with);
  random.Shuffle(without);
  with.resize(std::min<size_t>(with.size(), kDemandWithAcademy));
  without.resize(std::min<size_t>(without.size(), kDemandWithoutAcademy));
  std::vector<std::string> codes = with;
  codes.insert(codes.end(), without.begin(), without.end());
  std::sort(codes.begin(), codes.end());

  std::vector<DemandPlan> demand;
  for (const std::string& code : codes) {
    DemandPlan plan;
    plan.period_id = "2020";
    plan.nis_code = code;
    plan.registered_on = story::kDemandFirst;
    const int min_age = static_cast<int>(random.Uniform(6, 12));
    plan.ages.set_min_age(min_age);
    plan.ages.set_max_age(min_age + static_cast<int>(random.Uniform(3, 6)));
    plan.domains = DrawDemandDomains(random);
    plan.note = random.Pick(DemandNotes());
    demand.push_back(std::move(plan));
  }
  const std::set<size_t> changing = DrawIndices(random, demand.size(), kDemandUpdates + 1);
  int updates = 0;
  for (size_t index : changing) {
    if (updates++ < kDemandUpdates) {
      demand[index].updated_on = story::kDemandUpdated;
      demand[index].updated_note = "Na overleg met de scholen: vooral aanbod voor de eerste graad.";
    } else {
      demand[index].withdrawn_on = story::kDemandWithdrawn;
    }
  }
  return demand;
}

CallPlan PlanCall() {
  CallPlan call;
  call.call_id = "2019";
  call.title = "STEM-partnerschappen 2019";
  call.budget_cents = 1000000 * kEuro;
  call.max_per_project_cents = 200000 * kEuro;
  call.duration_months = 24;
  call.latest_start_months = 3;
  call.interim_due_months = 12;
  call.final_due_months_after_end = 3;
  return call;
}

std::vector<PartnershipPlan> PlanPartnerships(
    DemoRandom& random, const std::vector<AcademyPlan>& academies,
    const std::vector<domain::Municipality>& municipalities, std::set<std::string>& taken_kbos) {
  std::map<std::string, const domain::Municipality*> by_code;
  for (const domain::Municipality& municipality : municipalities) {
    by_code[municipality.nis_code] = &municipality;
  }
  std::vector<const AcademyPlan*> candidates;
  for (const AcademyPlan& academy : academies) {
    if (academy.wave == Wave::kFirstWave && academy.path == RecognitionPath::kRenewedFull &&
        academy.municipalities.size() >= 2) {
      candidates.push_back(&academy);
    }
  }
  random.Shuffle(candidates);
  std::vector<PartnershipPlan> partnerships;
  std::set<std::string> provinces;
  for (const AcademyPlan* lead : candidates) {
    if (static_cast<int>(partnerships.size()) >= kPartnerships) break;
    const domain::Municipality& home = *by_code.at(lead->municipalities.front());
    if (!provinces.insert(home.province).second) continue;
    PartnershipPlan plan;
    plan.key = absl::StrCat("ptn-", partnerships.size() + 1);
    plan.lead_kbo = lead->kbo;
    plan.title = "STEM-regio " + home.name;
    plan.description =
        "Samen met de gemeente, het bedrijfsleven en de scholen bouwen we in de "
        "regio " +
        home.name + " STEM-trajecten uit voor kinderen en jongeren.";
    std::set<std::string> region(lead->municipalities.begin(), lead->municipalities.end());
    std::vector<std::string> nearby;
    for (const auto& [code, municipality] : by_code) {
      if (ArrondissementOf(code) == ArrondissementOf(home.nis_code) && region.count(code) == 0) {
        nearby.push_back(code);
      }
    }
    random.Shuffle(nearby);
    for (size_t i = 0; i < std::min<size_t>(2, nearby.size()); ++i) region.insert(nearby[i]);
    plan.region.assign(region.begin(), region.end());
    plan.partners.push_back(
        MakePartner(DrawKbo(random, kLocalGovernmentKboLow, kLocalGovernmentKboHigh, taken_kbos),
                    partnership::v1::HELIX_ROLE_LOCAL_GOVERNMENT));
    for (HelixRole role :
         {partnership::v1::HELIX_ROLE_COMPANY, partnership::v1::HELIX_ROLE_COMPANY,
          partnership::v1::HELIX_ROLE_EDUCATION, partnership::v1::HELIX_ROLE_YOUTH}) {
      if (role != partnership::v1::HELIX_ROLE_EDUCATION && random.Chance(40)) continue;
      plan.partners.push_back(MakePartner(
          DrawKbo(random, kOrganisationKboLow, kOrganisationKboHigh, taken_kbos), role));
    }
    // Every helix role the rulebook requires, whatever the draw left out.
    if (std::none_of(plan.partners.begin(), plan.partners.end(), [](const auto& partner) {
          return partner.role() == partnership::v1::HELIX_ROLE_COMPANY;
        })) {
      plan.partners.push_back(
          MakePartner(DrawKbo(random, kOrganisationKboLow, kOrganisationKboHigh, taken_kbos),
                      partnership::v1::HELIX_ROLE_COMPANY));
    }
    // The first partnership also works with another academy of its province, which
    // confirms its participation before the decision.
    if (partnerships.empty()) {
      for (const AcademyPlan* other : candidates) {
        if (other == lead || by_code.at(other->municipalities.front())->province != home.province) {
          continue;
        }
        plan.partners.push_back(MakePartner(other->kbo, partnership::v1::HELIX_ROLE_YOUTH));
        plan.academy_partners.push_back(other->kbo);
        break;
      }
    }
    plan.requested_cents = random.Uniform(150, 200) * 1000 * kEuro;
    plan.trajectories.assign(plan.region.begin(),
                             plan.region.begin() + std::min<size_t>(plan.region.size(), 4));
    plan.children_interim = random.Uniform(150, 400);
    plan.children_final = plan.children_interim + random.Uniform(300, 600);
    partnerships.push_back(std::move(plan));
  }
  for (size_t i = 0; i < partnerships.size(); ++i) {
    PartnershipPlan& plan = partnerships[i];
    if (i + 1 == partnerships.size()) {
      plan.rejection_reason =
          "Het onderwijspartnerschap is onvoldoende uitgewerkt; dien volgend jaar opnieuw in.";
      continue;
    }
    plan.approved_cents = plan.requested_cents - random.Uniform(0, 2) * 10000 * kEuro;
    plan.interim_rejected_first = i == 1;
  }
  return partnerships;
}

}  // namespace stem::demo
