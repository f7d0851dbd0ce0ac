#include "contexts/partnership/partnership_projector.h"

#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/registered_activities.h"
#include "contexts/recognition/recognition_history.h"

namespace stem::partnership {

std::vector<std::string> PartnershipProjector::Topics() const {
  return {topics_.partnership, topics_.recognition, topics_.activity};
}

absl::Status PartnershipProjector::Apply(const events::v1::EventEnvelope& event,
                                         const eventlog::Record& record, projection::Batch& batch) {
  const std::string& topic = record.topic_partition.topic;
  if (topic == topics_.partnership) {
    // Our own facts: one this projector does not know means the log holds something this
    // version cannot explain, which must stop it.
    if (event.aggregate_type() == kCallAggregate) return ProjectCallFact(event, batch);
    if (event.aggregate_type() == kPartnershipAggregate) {
      return ProjectPartnershipFact(event, batch);
    }
    return absl::InvalidArgumentError("the partnership projector does not know aggregate type " +
                                      event.aggregate_type());
  }
  // Other contexts' facts: each keeps what it needs and ignores the rest, so that those
  // contexts can add facts without stopping this service.
  if (topic == topics_.recognition) return recognition::ProjectRecognitionFact(event, batch);
  if (topic == topics_.activity) return ProjectActivityFact(event, batch);
  return absl::InvalidArgumentError("the partnership projector does not read topic " + topic);
}

}  // namespace stem::partnership
