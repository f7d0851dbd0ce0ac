#include "contexts/activity/activity_projector.h"

#include "contexts/activity/activity_state.h"
#include "contexts/activity/partnerships.h"
#include "contexts/activity/school_calendars.h"
#include "contexts/activity/subsidy_periods.h"
#include "contexts/recognition/recognition_history.h"

namespace stem::activity {

std::vector<std::string> ActivityProjector::Topics() const {
  return {topics_.activity, topics_.recognition, topics_.subsidy, topics_.partnership};
}

absl::Status ActivityProjector::Apply(const events::v1::EventEnvelope& event,
                                      const eventlog::Record& record, projection::Batch& batch) {
  const std::string& topic = record.topic_partition.topic;
  if (topic == topics_.activity) {
    // Our own facts: one this projector does not know means the log holds something this
    // version cannot explain, which must stop it.
    if (event.aggregate_type() == kActivityAggregate) return ProjectActivityFact(event, batch);
    if (event.aggregate_type() == kCalendarAggregate) return ProjectCalendarFact(event, batch);
    return absl::InvalidArgumentError("the activity projector does not know aggregate type " +
                                      event.aggregate_type());
  }
  // Other contexts' facts: each keeps what it needs and ignores the rest, so that those
  // contexts can add facts without stopping this service.
  if (topic == topics_.recognition) return recognition::ProjectRecognitionFact(event, batch);
  if (topic == topics_.subsidy) return ProjectSubsidyFact(event, batch);
  if (topic == topics_.partnership) return ProjectPartnershipFact(event, batch);
  return absl::InvalidArgumentError("the activity projector does not read topic " + topic);
}

}  // namespace stem::activity
