#include "contexts/subsidy/subsidy_projector.h"

#include "contexts/subsidy/academy_names.h"
#include "contexts/subsidy/application_state.h"
#include "contexts/subsidy/demand_state.h"
#include "contexts/subsidy/partnership_records.h"
#include "contexts/subsidy/payments_state.h"
#include "contexts/subsidy/period_state.h"

namespace stem::subsidy {

std::vector<std::string> SubsidyProjector::Topics() const {
  return {topics_.subsidy, topics_.partnership, topics_.recognition};
}

absl::Status SubsidyProjector::Apply(const events::v1::EventEnvelope& event,
                                     const eventlog::Record& record, projection::Batch& batch) {
  const std::string& topic = record.topic_partition.topic;
  if (topic == topics_.subsidy) {
    // Our own facts: one this projector does not know means the log holds something this
    // version cannot explain, which must stop it.
    const std::string& type = event.aggregate_type();
    if (type == kPeriodAggregate) return ProjectPeriodFact(event, batch);
    if (type == kApplicationAggregate) return ProjectApplicationFact(event, batch);
    if (type == kDemandAggregate) return ProjectDemandFact(event, batch);
    if (type == kPaymentsAggregate) return ProjectPaymentFact(event, batch);
    return absl::InvalidArgumentError("the subsidy projector does not know aggregate type " + type);
  }
  // Other contexts' facts: each keeps what it needs and ignores the rest.
  if (topic == topics_.partnership) return ProjectPartnershipRecord(event, batch);
  if (topic == topics_.recognition) return ProjectAcademyName(event, batch);
  return absl::InvalidArgumentError("the subsidy projector does not read topic " + topic);
}

}  // namespace stem::subsidy
