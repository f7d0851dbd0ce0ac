// Projects what the subsidy service keeps of its own facts (periods, applications, demand,
// payments) and of the partnership and recognition contexts' facts (calls, approvals,
// reports; academy names). It runs beside the activity service's ActivityProjector in one
// store (SubsidyProjectors below), which keeps activities, calendars, recognition
// histories and partnership periods: child-minutes are counted by the activity context's
// own code, never copied.
//
// Each fact changes only state derived from its own aggregate; answers that combine
// aggregates (an allocation's inputs, coverage, budgets) are computed when asked, so any
// interleaving of partitions gives the same state.
#ifndef STEM_CONTEXTS_SUBSIDY_SUBSIDY_PROJECTOR_H_
#define STEM_CONTEXTS_SUBSIDY_SUBSIDY_PROJECTOR_H_

#include "contexts/activity/activity_projector.h"
#include "libs/projection/composite_projector.h"
#include "libs/projection/projector.h"
#include "libs/service/topics.h"

namespace stem::subsidy {

class SubsidyProjector final : public projection::Projector {
 public:
  explicit SubsidyProjector(service::Topics topics) : topics_(std::move(topics)) {}
  std::vector<std::string> Topics() const override;
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override;

 private:
  const service::Topics topics_;
};

// What a subsidy runtime projects: the activity projector and the subsidy projector over
// one store. Stateless, so one instance may serve several runtimes (and a replay).
class SubsidyProjectors {
 public:
  explicit SubsidyProjectors(const service::Topics& topics)
      : activity_(topics), subsidy_(topics), composite_({&activity_, &subsidy_}) {}
  SubsidyProjectors(const SubsidyProjectors&) = delete;
  SubsidyProjectors& operator=(const SubsidyProjectors&) = delete;

  projection::Projector& projector() { return composite_; }

 private:
  activity::ActivityProjector activity_;
  SubsidyProjector subsidy_;
  projection::CompositeProjector composite_;
};

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_SUBSIDY_PROJECTOR_H_
