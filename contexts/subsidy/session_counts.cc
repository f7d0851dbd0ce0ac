#include "contexts/subsidy/session_counts.h"

#include <map>

#include "contexts/activity/activity_state.h"
#include "libs/clock/clock.h"

namespace stem::subsidy {

absl::Status VisitSessions(const projection::StateReader& state, const std::string& kbo,
                           absl::CivilDay first, absl::CivilDay last, const SessionVisitor& visit,
                           activity::ConsultedAggregates* consulted) {
  activity::ChildMinutesCalculator calculator(state, consulted);
  absl::Status scanned = activity::ScanActivities(
      state, kbo, [&](const activity::v1::Activity& activity) -> absl::StatusOr<projection::Visit> {
        for (const activity::v1::ActivitySession& session : activity.sessions()) {
          auto date = clock::ParseDate(session.session().date());
          if (!date.ok()) {
            return absl::DataLossError("activity " + activity.activity_id() +
                                       " has a session with an unreadable date");
          }
          if (*date < first || *date > last) continue;
          auto minutes = calculator.Compute(activity, session);
          if (!minutes.ok()) {
            return minutes.status();
          }
          visit(activity, session, *minutes);
        }
        return projection::Visit::kContinue;
      });
  return scanned;
}

absl::StatusOr<std::vector<allocation::ActivityInput>> ActivityInputs(
    const projection::StateReader& state, const std::string& kbo, absl::CivilDay first,
    absl::CivilDay last, activity::ConsultedAggregates* consulted) {
  std::map<std::string, allocation::ActivityInput> by_id;
  absl::Status visited = VisitSessions(
      state, kbo, first, last,
      [&](const activity::v1::Activity& activity, const activity::v1::ActivitySession&,
          const activity::v1::SessionChildMinutes& minutes) {
        allocation::ActivityInput& input = by_id[activity.activity_id()];
        input.activity_id = activity.activity_id();
        input.municipality_nis_code = activity.municipality_nis_code();
        if (minutes.child_minutes() > 0) {
          ++input.sessions_counted;
          input.child_minutes += minutes.child_minutes();
        }
      },
      consulted);
  if (!visited.ok()) return visited;
  std::vector<allocation::ActivityInput> inputs;
  for (auto& [id, input] : by_id) inputs.push_back(std::move(input));
  return inputs;
}

}  // namespace stem::subsidy
