// Projects what the activity service needs from four topics: its own facts (activities,
// school calendars) and the recognition, subsidy and partnership facts that decide
// child-minutes and locks.
//
// Each fact changes only state derived from its own aggregate (an activity, a calendar, an
// academy's recognitions, a period, a partnership approval); answers that combine
// aggregates (child-minutes, locks) are computed at query time. Partitions of different
// topics are read in no fixed order relative to each other, and so any interleaving gives
// the same state.
#ifndef STEM_CONTEXTS_ACTIVITY_ACTIVITY_PROJECTOR_H_
#define STEM_CONTEXTS_ACTIVITY_ACTIVITY_PROJECTOR_H_

#include "libs/projection/projector.h"
#include "libs/service/topics.h"

namespace stem::activity {

class ActivityProjector final : public projection::Projector {
 public:
  explicit ActivityProjector(service::Topics topics) : topics_(std::move(topics)) {}
  std::vector<std::string> Topics() const override;
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override;

 private:
  const service::Topics topics_;
};

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_ACTIVITY_PROJECTOR_H_
