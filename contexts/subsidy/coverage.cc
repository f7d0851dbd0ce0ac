#include "contexts/subsidy/coverage.h"

#include <map>
#include <set>

#include "contexts/activity/activity_access.h"
#include "contexts/subsidy/partnership_records.h"
#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/session_counts.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"

namespace stem::subsidy {
namespace {

// A line while it is counted; sets keep it free of duplicates.
struct Line {
  v1::MunicipalityCoverage coverage;
  std::set<std::string> counted_codes;
  std::set<std::string> academies;
  std::set<std::string> partnerships;
};

class Territory {
 public:
  Territory(const domain::MunicipalityRegistry& municipalities, bool merged)
      : municipalities_(municipalities), merged_(merged) {}
  // The municipality of the report that holds `nis_code`'s territory.
  std::string Of(const std::string& nis_code) const {
    if (!merged_) return nis_code;
    return municipalities_.Territory2025(nis_code).value_or(nis_code);
  }

 private:
  const domain::MunicipalityRegistry& municipalities_;
  const bool merged_;
};

}  // namespace

absl::StatusOr<v1::Territories> ResolveTerritories(const v1::PeriodOpened& period,
                                                   v1::Territories requested) {
  auto times = TimesOf(period);
  if (!times.ok()) return times.status();
  const bool reaches_2025 = times->last_day >= domain::MunicipalityRegistry::kMergerDay;
  switch (requested) {
    case v1::TERRITORIES_UNSPECIFIED:
      return reaches_2025 ? v1::TERRITORIES_2025 : v1::TERRITORIES_2019;
    case v1::TERRITORIES_2019:
      if (reaches_2025) {
        return MakeError(absl::StatusCode::kInvalidArgument, "TERRITORIES_INVALID",
                         "period " + period.period_id() +
                             " reaches into 2025, when the 2019 municipalities no longer exist");
      }
      return requested;
    case v1::TERRITORIES_2025:
      return requested;
    default:
      return MakeError(absl::StatusCode::kInvalidArgument, "TERRITORIES_INVALID",
                       "territories are TERRITORIES_2019 or TERRITORIES_2025");
  }
}

absl::StatusOr<v1::GetCoverageResponse> ComputeCoverage(
    const projection::StateReader& state, const domain::MunicipalityRegistry& municipalities,
    const v1::PeriodOpened& period, v1::Territories territories) {
  auto times = TimesOf(period);
  if (!times.ok()) return times.status();
  const bool merged = territories == v1::TERRITORIES_2025;
  const Territory territory(municipalities, merged);
  std::map<std::string, Line> lines;
  for (const auto& [code, municipality] : municipalities.ListOn(
           merged ? domain::MunicipalityRegistry::kMergerDay : times->first_day)) {
    Line& line = lines[code];
    line.coverage.set_nis_code(code);
    line.coverage.set_name(municipality.name);
  }
  // A code outside the list (it cannot be, for validated facts) still gets its line.
  auto line_of = [&](const std::string& nis_code) -> Line& {
    Line& line = lines[territory.Of(nis_code)];
    line.coverage.set_nis_code(territory.Of(nis_code));
    return line;
  };

  absl::Status visited = VisitSessions(
      state, "", times->first_day, times->last_day,
      [&](const activity::v1::Activity& activity, const activity::v1::ActivitySession& session,
          const activity::v1::SessionChildMinutes& minutes) {
        if (activity.cancelled() || session.cancelled()) return;
        Line& line = line_of(activity.municipality_nis_code());
        line.counted_codes.insert(activity.municipality_nis_code());
        line.coverage.set_sessions_offered(line.coverage.sessions_offered() + 1);
        if (minutes.child_minutes() > 0) {
          line.coverage.set_sessions_counted(line.coverage.sessions_counted() + 1);
          line.coverage.set_child_minutes(line.coverage.child_minutes() + minutes.child_minutes());
          line.academies.insert(activity.academy_kbo());
        }
      });
  if (!visited.ok()) return visited;

  absl::Status scanned = ScanApprovedPartnerships(
      state,
      [&](const partnership::v1::PartnershipApproved& approved)
          -> absl::StatusOr<projection::Visit> {
        auto start = clock::ParseDate(approved.project_start());
        auto end = clock::ParseDate(approved.project_end());
        if (!start.ok() || !end.ok() || *end < times->first_day || *start > times->last_day) {
          return projection::Visit::kContinue;
        }
        auto trajectories = ApprovedTrajectories(state, approved.partnership_id());
        if (!trajectories.ok()) return trajectories.status();
        for (const std::string& nis : *trajectories) {
          Line& line = line_of(nis);
          line.counted_codes.insert(nis);
          line.partnerships.insert(approved.partnership_id());
        }
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;

  v1::GetCoverageResponse response;
  response.set_period_id(period.period_id());
  response.set_first_day(period.first_day());
  response.set_last_day(period.last_day());
  response.set_territories(territories);
  for (auto& [code, line] : lines) {
    v1::MunicipalityCoverage& coverage = line.coverage;
    for (const std::string& counted : line.counted_codes) coverage.add_counted_nis_codes(counted);
    for (const std::string& kbo : line.academies) coverage.add_academy_kbos(kbo);
    for (const std::string& id : line.partnerships) coverage.add_trajectory_partnership_ids(id);
    coverage.set_reached(coverage.child_minutes() > 0);
    coverage.set_no_offer(coverage.sessions_offered() == 0 && line.partnerships.empty());
    response.set_municipalities_total(response.municipalities_total() + 1);
    if (coverage.reached()) {
      response.set_municipalities_reached(response.municipalities_reached() + 1);
    }
    response.set_child_minutes(response.child_minutes() + coverage.child_minutes());
    if (coverage.no_offer()) response.add_no_offer_nis_codes(code);
    *response.add_municipalities() = std::move(coverage);
  }
  return response;
}

absl::StatusOr<v1::GetCoverageResponse> AnswerCoverage(
    const projection::StateReader& state, const domain::MunicipalityRegistry& municipalities,
    const v1::GetCoverageRequest& request, const rpc::Principal& caller) {
  auto period = RequirePeriod(state, request.period_id());
  if (!period.ok()) return period.status();
  auto territories = ResolveTerritories(period->terms(), request.territories());
  if (!territories.ok()) return territories.status();
  auto coverage = ComputeCoverage(state, municipalities, period->terms(), *territories);
  if (!coverage.ok()) return coverage.status();
  if (caller.role == identity::v1::ACTOR_ROLE_MUNICIPALITY) {
    auto* lines = coverage->mutable_municipalities();
    for (int i = lines->size() - 1; i >= 0; --i) {
      if (!activity::InMunicipality(municipalities, lines->Get(i).nis_code(), caller.identity)) {
        lines->DeleteSubrange(i, 1);
      }
    }
  }
  return coverage;
}

}  // namespace stem::subsidy
