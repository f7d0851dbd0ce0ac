// Child-minutes of sessions as queries answer them (rulebook section 3), computed when
// asked from everything the projection holds: the activity's own facts, the school
// calendar of the date's school year, the academy's recognitions and its partnerships.
#ifndef STEM_CONTEXTS_ACTIVITY_CHILD_MINUTES_VIEW_H_
#define STEM_CONTEXTS_ACTIVITY_CHILD_MINUTES_VIEW_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "contexts/activity/partnerships.h"
#include "libs/domain/recognition_rules.h"
#include "libs/domain/school_calendar.h"
#include "libs/projection/projection_store.h"
#include "stem/activity/v1/activity_service.pb.h"

namespace stem::activity {

// The aggregates whose facts a computation read, as (aggregate type, aggregate id): what an
// explanation of a decision lists as its inputs (services/audit/explain.cc).
using ConsultedAggregates = std::set<std::pair<std::string, std::string>>;

// Lives for one query: it remembers the calendars, recognitions and partnerships it read,
// since a query visits many sessions of few academies and school years. Not thread-safe.
class ChildMinutesCalculator {
 public:
  // With `consulted`, records there every aggregate a Compute reads (once each): the
  // activities, the academies' recognitions, the school calendars and the calls that
  // approved the academies' partnerships. Queries pass none and pay nothing for it.
  explicit ChildMinutesCalculator(const projection::StateReader& state,
                                  ConsultedAggregates* consulted = nullptr)
      : state_(state), consulted_(consulted) {}

  absl::StatusOr<v1::SessionChildMinutes> Compute(const v1::Activity& activity,
                                                  const v1::ActivitySession& session);

 private:
  absl::StatusOr<const domain::SchoolYearCalendar*> Calendar(int start_year);
  absl::StatusOr<const domain::RecognitionHistory*> History(const std::string& kbo);
  absl::StatusOr<const std::vector<ApprovedPartnership>*> Partnerships(const std::string& kbo);
  void Consulted(const std::string& type, const std::string& id) {
    if (consulted_ != nullptr) consulted_->insert({type, id});
  }

  const projection::StateReader& state_;
  // Node-based maps: the pointers handed out stay valid.
  std::map<int, std::optional<domain::SchoolYearCalendar>> calendars_;
  std::map<std::string, domain::RecognitionHistory> histories_;
  std::map<std::string, std::vector<ApprovedPartnership>> partnerships_;
  ConsultedAggregates* const consulted_;
};

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_CHILD_MINUTES_VIEW_H_
