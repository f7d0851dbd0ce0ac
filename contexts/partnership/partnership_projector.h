// Projects what the partnership service needs from three topics: its own facts (calls and
// partnerships) and the recognition and activity facts that approvals and reports are
// checked against.
//
// Each fact changes only state derived from its own aggregate (a call, a partnership, an
// academy's recognitions, an activity's registration); answers that combine aggregates
// (an application's status, a partnership's reports due, its tranches) are computed at
// query time. Partitions are read in no fixed order relative to each other, and so any
// interleaving gives the same state.
#ifndef STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_PROJECTOR_H_
#define STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_PROJECTOR_H_

#include "libs/projection/projector.h"
#include "libs/service/topics.h"

namespace stem::partnership {

class PartnershipProjector final : public projection::Projector {
 public:
  explicit PartnershipProjector(service::Topics topics) : topics_(std::move(topics)) {}
  std::vector<std::string> Topics() const override;
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override;

 private:
  const service::Topics topics_;
};

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_PROJECTOR_H_
